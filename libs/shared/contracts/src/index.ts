/**
 * Types and constants the API and the site must agree on. Plain TypeScript without imports, so it
 * compiles both as the API's CommonJS and as the site's ESM (see tsconfig.json beside src/).
 */
export * from './lib/ui-language';
export * from './lib/legal-manifest';
export * from './lib/api-errors';
export * from './lib/graphql-errors';
export * from './lib/contacts';
export * from './lib/sign-in-errors';
export * from './lib/abuse';
