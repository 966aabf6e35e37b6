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

export default tseslint.config(
  {
    ignores: [
      '**/node_modules/**',
      'dist/**',
      'data/**',
      'tmp/**',
      '.nx/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
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
    files: ['libs/api/platform/src/lib/config/**/*.ts', 'apps/api/src/*.ts', 'tools/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  // Database access: TypeORM repositories, data sources and entity managers are injected only by the
  // platform's `Database` facade (libs/api/platform/src/lib/database) and by `*.repository.ts` files. Every
  // other class reaches the database through a repository, so each write takes the facade's path (queued on
  // SQLite, where a stray write could join another request's transaction and be rolled back with it).
  {
    files: ['**/*.ts'],
    ignores: [
      'libs/api/platform/src/lib/database/**',
      '**/*.repository.ts',
      '**/*.spec.ts',
      '**/*.e2e-spec.ts',
      '**/test/**',
      'tools/**',
    ],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@nestjs/typeorm',
              importNames: [
                'InjectRepository',
                'InjectDataSource',
                'InjectEntityManager',
                'getDataSourceToken',
                'getRepositoryToken',
                'getEntityManagerToken',
              ],
              message: 'Inject a repository (*.repository.ts) that uses Database from @vipcloud/platform.',
            },
            {
              name: 'typeorm',
              importNames: ['DataSource'],
              message: 'Inject a repository (*.repository.ts) that uses Database from @vipcloud/platform.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts', '**/testing.ts', '**/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-restricted-syntax': 'off' },
  },
);
