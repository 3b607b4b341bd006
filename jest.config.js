// Two projects: unit tests need nothing; integration tests get a real
// MongoDB-wire database (mongo-java-server, started by scripts/test.js) via MONGODB_URI.
/** @type {import('jest').Config} */
const transform = {
  '^.+\\.ts$': ['ts-jest', { isolatedModules: true, diagnostics: false }],
  // franc-all and its dependencies ship only ES modules; jest's module system needs CommonJS.
  '^.+\\.js$': ['ts-jest', { isolatedModules: true, diagnostics: false, tsconfig: { allowJs: true } }],
};
/** ES-module-only packages that jest must transform (everything else in node_modules is left alone). */
const ESM_PACKAGES = ['franc-all', 'trigram-utils', 'n-gram', 'collapse-white-space'];
const transformIgnorePatterns = [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`];
module.exports = {
  projects: [
    {
      displayName: 'unit',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/**/*.test.ts'],
      testPathIgnorePatterns: ['/node_modules/', '\\.int\\.test\\.ts$'],
    },
    {
      displayName: 'integration',
      testEnvironment: 'node',
      transform,
      transformIgnorePatterns,
      testMatch: ['<rootDir>/test/**/*.int.test.ts'],
      // A guard against a hung test, not a measure of speed: a whole multi-turn
      // conversation on a busy 2-core machine can outlast jest's default 5 s.
      // (jest-circus ignores a project's `testTimeout`; the setup file sets it.)
      setupFilesAfterEnv: ['<rootDir>/test/helpers/integrationTimeout.ts'],
    },
  ],
};
