// Lint is part of `npm test`: module boundaries between feature libs are enforced here.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import nx from '@nx/eslint-plugin';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'dist/**', 'data/**', 'tmp/**', '.nx/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    plugins: { '@nx': nx },
    rules: {
      '@nx/enforce-module-boundaries': [
        'error',
        {
          enforceBuildableLibDependency: false,
          allow: [],
          depConstraints: [
            { sourceTag: 'scope:app', onlyDependOnLibsWithTags: ['scope:feature', 'scope:platform', 'scope:tools'] },
            { sourceTag: 'scope:feature', onlyDependOnLibsWithTags: ['scope:feature', 'scope:platform'] },
            { sourceTag: 'scope:platform', onlyDependOnLibsWithTags: ['scope:platform'] },
            { sourceTag: 'scope:tools', onlyDependOnLibsWithTags: ['scope:tools'] },
          ],
        },
      ],
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
