// End-to-end tests: the whole app over HTTP (supertest), on the database named by DATABASE_URL
// (unset: a fresh SQLite file per test file).
const swc = require('../jest.swc');
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  testRegex: 'test/.*\\.e2e-spec\\.ts$',
  transform: { '^.+\\.ts$': swc },
  moduleNameMapper: { '^@wuzha/shared$': '<rootDir>/../shared/src/index.ts' },
  testTimeout: 60000,
};
