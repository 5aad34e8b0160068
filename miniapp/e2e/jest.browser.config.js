// Browser tests: the H5 build served by the real server, driven in Debian's Chromium.
module.exports = {
  rootDir: '..',
  testEnvironment: 'node',
  testMatch: ['<rootDir>/e2e/**/*.browser.test.js'],
  transform: {},
  // a hook starting the server waits up to 180 s for a cold start (harness.js)
  testTimeout: 240000,
};
