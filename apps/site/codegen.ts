/**
 * The portal's GraphQL operations are typed from the committed schema (apps/api/schema.graphql, which a
 * test keeps equal to the resolvers). `npm run site:codegen` writes src/portal/graphql/generated/; the
 * site's build and typecheck run it first, so an operation the schema does not allow fails both (and
 * with them `npm test`), never a user. The generated files are not committed.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';

const config: CodegenConfig = {
  schema: 'apps/api/schema.graphql',
  documents: ['apps/site/src/portal/**/*.{ts,tsx}', '!apps/site/src/portal/graphql/generated/**'],
  ignoreNoDocuments: false,
  generates: {
    'apps/site/src/portal/graphql/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false, gqlTagName: 'graphql' },
      config: {
        // Documents as plain strings: the pages ship the query text, not a parsed syntax tree.
        documentMode: 'string',
        enumsAsTypes: true,
        useTypeImports: true,
        scalars: { DateTime: 'string' },
        avoidOptionals: { field: true, inputValue: false, object: false, defaultValue: false },
      },
    },
  },
  silent: true,
};

export default config;
