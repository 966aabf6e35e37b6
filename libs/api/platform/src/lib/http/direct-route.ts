import type { IncomingMessage, Server, ServerResponse } from 'node:http';
import type { ErrorRequestHandler, Express, NextFunction, Request, RequestHandler, Response } from 'express';

/** One route served from the HTTP server's own 'request' event, ahead of the Express app. */
export interface DirectRoute {
  method: string;
  /** The exact path (a query string may follow); any other spelling is left to the Express app. */
  path: string;
  /** Every middleware the app runs before this route, in the app's order, then the route's handler. */
  handlers: RequestHandler[];
  /** The app's error middleware for what a handler passes to `next(err)` (a body the parser refused). */
  onError: ErrorRequestHandler;
}

/**
 * Serves `route` straight from the server's 'request' event and hands every other request to the Express
 * app, unchanged. The route's request gets what Express gives every request (its request and response
 * prototypes, so `req.ip` follows `trust proxy` and `res.status().json()` work as everywhere, and the Server-
 * Timing wrapper on the response prototype applies), then runs the same middleware functions in the same
 * order as the app would, without the router's walk over every layer, path matching at each, and the
 * `next` machinery around them: several percent of the gateway's CPU on its busiest route. A request for
 * the same route spelled otherwise (another case, a trailing slash) still reaches the app's own route.
 * Call it once the app's middleware is built, before the server listens (and before `HttpDrain`).
 */
export function serveDirect(server: Server, app: Express, route: DirectRoute): void {
  const listeners = server.listeners('request');
  if (!listeners.includes(app)) throw new Error('serveDirect: the server does not dispatch to this Express app');
  const { method, path, handlers, onError } = route;
  const withQuery = `${path}?`;
  const dispatch = (req: IncomingMessage, res: ServerResponse): void => {
    const url = req.url ?? '';
    if (req.method !== method || (url !== path && !url.startsWith(withQuery))) {
      app(req, res);
      return;
    }
    run(app, handlers, onError, req, res);
  };
  server.removeListener('request', app);
  server.on('request', dispatch);
}

/** What Express's `app.handle` and its router do for a request before its first middleware, then the chain. */
function run(
  app: Express,
  handlers: RequestHandler[],
  onError: ErrorRequestHandler,
  message: IncomingMessage,
  reply: ServerResponse,
): void {
  const req = message as Request;
  const res = reply as Response;
  req.res = res;
  res.req = req;
  Object.setPrototypeOf(req, app.request);
  Object.setPrototypeOf(res, app.response);
  res.locals ??= Object.create(null) as Response['locals'];
  req.originalUrl ??= req.url;
  req.baseUrl = '';
  req.params = {};
  let i = 0;
  let failed = false;
  const next: NextFunction = (err?: unknown) => {
    if (failed) return;
    if (err !== undefined && err !== null && err !== 'route' && err !== 'router') {
      failed = true;
      onError(err, req, res, () => notFound(res));
      return;
    }
    const handler = handlers[i++];
    if (!handler) return notFound(res);
    try {
      // A handler's promise is its own business (the route answers its errors itself), as in Express.
      void handler(req, res, next);
    } catch (thrown) {
      next(thrown ?? new Error('a handler threw'));
    }
  };
  next();
}

/** The end of the chain without an answer: never for a route whose handler answers, as Express's final 404. */
function notFound(res: Response): void {
  if (res.headersSent) return;
  res.statusCode = 404;
  res.end();
}
