import { join } from 'node:path';
import { INestApplication } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';

/** The committed GraphQL schema, next to the app's sources. */
export const SCHEMA_FILE = join(__dirname, '..', 'schema.graphql').replace(`${join('dist', 'apps')}`, 'apps');

export function printApiSchema(app: INestApplication): string {
  const header = '# Generated from the resolvers by `npm run schema:write`; do not edit by hand.\n\n';
  return `${header}${printSchema(lexicographicSortSchema(app.get(GraphQLSchemaHost).schema))}\n`;
}
