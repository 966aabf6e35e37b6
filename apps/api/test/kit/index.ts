/**
 * The API's test kit: the harness (a gateway over HTTP, or an application context without it, in
 * both modes), a GraphQL client that carries a session, factories, polling and clean-up helpers.
 */
export * from '../support/gateway-harness';
export * from '../support/suite';
export * from '../support/upstreams';
export * from './clock';
export * from './factories';
export * from './graphql.client';
export * from './legal';
export * from './mail';
export * from './money';
export * from './paddle';
export * from './polling';
export * from './privacy-mail';
export * from './processes';
export * from './redis';
export * from './source-process';
export * from './tcp-proxy';
