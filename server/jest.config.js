// Unit tests: *.spec.ts next to the code.
const swc = require('./jest.swc');
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: 'src/.*\\.spec\\.ts$',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^@wuzha/shared$': '<rootDir>/../shared/src/index.ts' },
};
