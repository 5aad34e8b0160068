// Unit tests: *.spec.ts next to the code.
const swc = ['@swc/jest', { jsc: { target: 'es2021', parser: { syntax: 'typescript', decorators: true }, transform: { legacyDecorator: true, decoratorMetadata: true } } }];
module.exports = {
  rootDir: '.',
  testEnvironment: 'node',
  testRegex: 'src/.*\\.spec\\.ts$',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^@wuzha/shared$': '<rootDir>/../shared/src/index.ts' },
  swc,
};
