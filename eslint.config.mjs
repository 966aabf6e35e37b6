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
  { ignores: ['**/node_modules/**', 'dist/**', 'data/**', 'tmp/**', '.nx/**', 'coverage/**', '**/*.js', '**/*.mjs', '**/*.cjs'] },
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
        moduleBoundaries(['^(\\.\\./)+(apps/api/)?src/(app\\.factory|cli\\.runner|schema|schema-file)$']),
      ],
    },
  },
  {
    files: ['libs/api/platform/src/lib/config/**/*.ts', 'apps/api/src/*.ts', 'tools/**/*.ts'],
    rules: { 'no-restricted-syntax': 'off' },
  },
  {
    files: ['**/*.spec.ts', '**/*.e2e-spec.ts', '**/test/**/*.ts', '**/testing.ts', '**/testing/**/*.ts'],
    rules: { '@typescript-eslint/no-explicit-any': 'off', 'no-restricted-syntax': 'off' },
  },
);
