/** What every loopback fake in tools/ needs from node:http: listen, close, read a bounded body, answer. */
export { LOOPBACK_HOST, listenOnLoopback } from './loopback.server';
export type { LoopbackServer, RequestHandler } from './loopback.server';
export { BodyTooLargeError, parseJsonOrText, readBody, sendJson, sendText } from './http-body.util';
