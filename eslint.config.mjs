// Lint is part of `npm test`: module boundaries between feature libs are enforced here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

/**
 * Who may import whom (tags are in each project.json). apps → features → platform; libs/shared is
 * plain TypeScript that the API and the site (apps/site, scope:site) both import, and it imports
 * nothing of ours; the fakes (scope:tools) serve the e2e tests only, never the running API.
 */
function moduleBoundaries(allow = []) {
  return {
    enforceBuildableLibDependency: false,
    allow,
    depConstraints: [
      { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:feature', 'scope:platform', 'scope:shared'] },
      { sourceTag: 'scope:feature', onlyDependOnLibsWithTags: ['scope:feature', 'scope:platform', 'scope:shared'] },
      { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform', 'scope:shared'] },
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:site', onlyDependOnLibsWithTags: ['scope:shared'] },
      { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:tools', 'scope:shared'] },
      {
        sourceTag: 'scope:e2e',
        onlyDependOnLibsWithTags: ['scope:app', 'scope:feature', 'scope:platform', 'scope:tools', 'scope:shared'],
      },
      {
        sourceTag: 'scope:scripts',
        onlyDependOnLibsWithTags: ['scope:app', 'scope:feature', 'scope:platform', 'scope:shared'],
      },
    ],
  };
}

const DATABASE_FOLDER = 'libs/api/platform/src/lib/database/**';
// Re-exports the facade for the repositories of every lib.
const PLATFORM_INDEX = 'libs/api/platform/src/index.ts';
// Tests and tools drive the database directly (fixtures, dumps, migrations generation).
const DATABASE_RULE_EXEMPT = ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/*.int-spec.ts', '**/test/**', 'tools/**'];

/** What each kind of file may not import to reach the database (see the blocks that use it). */
function databaseImports({ repository }) {
  const viaFacade = 'Reach the database in a *.repository.ts file, through Database from @vipcloud/platform.';
  const paths = [
    {
      name: '@nestjs/typeorm',
      message:
        'TypeORM is wired only in libs/api/platform/src/lib/database (entities: apps/api/src/schema.ts); no ' +
        'TypeOrmModule, @InjectRepository, @InjectDataSource or @InjectEntityManager elsewhere. ' +
        viaFacade,
    },
    { name: 'typeorm', importNames: ['DataSource'], message: viaFacade },
  ];
  const patterns = [];
  if (!repository) {
    paths.push(
      { name: 'typeorm', importNames: ['EntityManager', 'Repository'], message: viaFacade },
      { name: '@vipcloud/platform', importNames: ['Database'], message: viaFacade },
    );
    patterns.push({ regex: '/database/database\\.service$', message: viaFacade });
  }
  return { paths, patterns };
}

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'data/**',
      'tmp/**',
      '.nx/**',
      'coverage/**',
      // Types Astro generates for the site's content collections.
      '**/.astro/**',
      // Typed GraphQL documents written by `npm run site:codegen`.
      'apps/site/src/portal/graphql/generated/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries()],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/consistent-type-imports': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': [
        'error',
        {
          selector: "MemberExpression[object.name='process'][property.name='env']",
          message: 'Read configuration through AppConfig (libs/api/platform/config), not process.env.',
        },
      ],
    },
  },
  {
    // The e2e specs and the operator scripts drive the API's composition root (the app factory, the CLI
    // runner, the schema), which Nx otherwise forbids importing: only those files, and only those modules.
    files: ['apps/api/test/**/*.ts', 'tools/scripts/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        moduleBoundaries([
          '^(\\.\\./)+(apps/api/)?src/(app\\.factory|app\\.module|config-fragments|cli\\.runner|schema|schema-file)$',
        ]),
      ],
    },
  },
  {
    // The site's browser tests run the real app: they start the API from source through its test kit,
    // and the portal's with the loopback fakes of the OAuth provider and Paddle.
    files: ['apps/site/test/browser/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        moduleBoundaries(['^(\\.\\./)+api/test/kit$', '^@vipcloud/fake-(oauth|paddle)$']),
      ],
    },
  },
  {
    // apps/site: AppConfig is the API's; the site's build reads its few settings (content directory,
    // contacts) from the environment, in astro.config.mjs and src/lib/site-env.ts.
    files: ['libs/api/platform/src/lib/config/**/*.ts', 'apps/api/src/*.ts', 'tools/**/*.ts', 'apps/site/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // Database access. TypeORM is wired once, in the platform's database folder (entities are registered
  // through apps/api/src/schema.ts). Only `*.repository.ts` files reach the database, and only through the
  // platform's `Database` facade: no TypeORM repository, data source or entity manager is injected anywhere
  // else, so each write takes the facade's path (queued on SQLite, where a stray write could join another
  // request's transaction and be rolled back with it). Services, resolvers and the rest call repositories.
  {
    files: ['**/*.ts'],
    ignores: [DATABASE_FOLDER, '**/*.repository.ts', PLATFORM_INDEX, ...DATABASE_RULE_EXEMPT],
    rules: { 'no-restricted-imports': ['error', databaseImports({ repository: false })] },
  },
  {
    files: ['**/*.repository.ts', PLATFORM_INDEX],
    ignores: [DATABASE_FOLDER, ...DATABASE_RULE_EXEMPT],
    rules: { 'no-restricted-imports': ['error', databaseImports({ repository: true })] },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts', '**/testing.ts', '**/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-restricted-syntax': 'off' },
  },
);
