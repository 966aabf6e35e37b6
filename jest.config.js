// One Jest run covers every lib's unit tests and the API's end-to-end tests; the e2e suites run
// each scenario on SQLite and on MariaDB + Redis (see apps/api/test/support).
const { readFileSync } = require('node:fs');
const swc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swc.$schema;
swc.sourceMaps = 'inline';

// The path aliases are defined once, in tsconfig.base.json (a JSON-with-comments file, so TypeScript's
// own reader parses it). Each alias becomes an anchored pattern; a `*` in an alias maps to `$1`.
const ts = require('typescript');
const tsconfig = ts.readConfigFile(`${__dirname}/tsconfig.base.json`, ts.sys.readFile);
if (tsconfig.error) throw new Error(ts.flattenDiagnosticMessageText(tsconfig.error.messageText, '\n'));
const escape = (s) => s.replace(/[.+?^${}()|[\]\\]/g, '\\$&');
const paths = Object.fromEntries(
  Object.entries(tsconfig.config.compilerOptions.paths).map(([alias, [target]]) => [
    `^${escape(alias).replace('*', '(.*)')}$`,
    `<rootDir>/${target.replace('*', '$1')}`,
  ]),
);

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
    // The site's build tests (apps/site): they run `astro build`, so one test can take a minute. The browser
    // specs (apps/site/test/browser) read the same build, in Chromium, through the API started from source.
    {
      ...common,
      displayName: 'site',
      testMatch: ['<rootDir>/apps/site/**/*.site-spec.ts', '<rootDir>/apps/site/**/*.browser-spec.ts'],
      globalSetup: '<rootDir>/apps/site/test/global-setup.js',
    },
  ],
};
