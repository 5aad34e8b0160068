module.exports = {
  testEnvironment: 'node',
  testRegex: 'src/.*\\.spec\\.ts$',
  transform: { '^.+\\.ts$': ['@swc/jest', { jsc: { target: 'es2021', parser: { syntax: 'typescript' } } }] },
};
