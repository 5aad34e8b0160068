// Browser tests: the H5 build served by the real server, driven in Debian's Chromium.
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/e2e/**/*.browser.test.js'],
  transform: {},
  testTimeout: 120000,
};
