// One Jest run covers every lib's unit tests and the API's end-to-end tests; the e2e suites run
// each scenario on SQLite and on MariaDB + Redis (see apps/api/test/support).
const { readFileSync } = require('node:fs');
const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;
swc.sourceMaps = 'inline';

const paths = {
  '^@vipcloud/platform$': '<rootDir>/libs/api/platform/src/index.ts',
  '^@vipcloud/platform/testing$': '<rootDir>/libs/api/platform/src/testing.ts',
  '^@vipcloud/accounts$': '<rootDir>/libs/api/accounts/src/index.ts',
  '^@vipcloud/abuse$': '<rootDir>/libs/api/abuse/src/index.ts',
  '^@vipcloud/billing$': '<rootDir>/libs/api/billing/src/index.ts',
  '^@vipcloud/notifications$': '<rootDir>/libs/api/notifications/src/index.ts',
  '^@vipcloud/gateway$': '<rootDir>/libs/api/gateway/src/index.ts',
  '^@vipcloud/fake-upstream$': '<rootDir>/tools/fake-upstream/src/index.ts',
  '^@vipcloud/fake-oauth$': '<rootDir>/tools/fake-oauth/src/index.ts',
  '^@vipcloud/fake-paddle$': '<rootDir>/tools/fake-paddle/src/index.ts',
  '^@vipcloud/server-kit$': '<rootDir>/tools/server-kit/src/index.ts',
};

const common = {
  rootDir: __dirname,
  testEnvironment: 'node',
  transform: { '^.+\\.ts$': ['@swc/jest', swc] },
  moduleNameMapper: paths,
  moduleFileExtensions: ['ts', 'js', 'json'],
};

module.exports = {
  // A global option (ignored inside projects): end-to-end tests start servers and databases.
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/tools/scripts/summary-reporter.js'],
  projects: [
    { ...common, displayName: 'unit', testMatch: ['<rootDir>/libs/**/*.spec.ts', '<rootDir>/tools/**/*.spec.ts'] },
    {
      ...common,
      displayName: 'e2e',
      testMatch: ['<rootDir>/apps/**/*.e2e-spec.ts'],
      globalSetup: '<rootDir>/apps/api/test/support/global-setup.js',
    },
    // Service tests on the real databases (both modes) through an application context, no HTTP.
    {
      ...common,
      displayName: 'int',
      testMatch: ['<rootDir>/apps/**/*.int-spec.ts'],
      globalSetup: '<rootDir>/apps/api/test/support/global-setup.js',
    },
  ],
};
