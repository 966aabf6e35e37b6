import { LANGUAGE_COOKIE } from '@vipcloud/contracts';
import { HSTS_OPTIONS } from '@vipcloud/platform';
import compression from 'compression';
import { parseCookie } from 'cookie';
import express, { Request, RequestHandler, Response, Router } from 'express';
import helmet from 'helmet';
import { readFile } from 'node:fs/promises';
import { join, resolve, sep } from 'node:path';
import {
  canonicalPath,
  HASHED_ASSETS_DIR,
  IMMUTABLE_CACHE,
  isApiPath,
  isChinesePath,
  isNotFoundPagePath,
  pageAlternatives,
  permissionsPolicy,
  referrerPolicy,
  REVALIDATE_CACHE,
  contentSecurityPolicy,
} from './site-rules';

/** The query string of a request, `?` included, or nothing. */
function search(req: Request): string {
  const at = req.originalUrl.indexOf('?');
  return at < 0 ? '' : req.originalUrl.slice(at);
}

/** Reads and page views only; every other method, and every API path, goes on to the API's own 404. */
const onlySiteRequests: RequestHandler = (req, _res, next) => {
  if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(req.path)) return next('router');
  next();
};

/**
 * The pages' headers on top of the API's (helmet's defaults, HSTS included): the same helmet with
 * the stricter choices a page needs, plus the headers that depend on the page (site-rules.ts).
 */
function siteHeaders(options: SiteOptions): RequestHandler {
  const pageHelmet = helmet({
    hsts: HSTS_OPTIONS,
    // Set verbatim below: helmet would write the same policy with its own separators.
    contentSecurityPolicy: false,
    frameguard: { action: 'deny' },
    // Per page, below.
    referrerPolicy: false,
  });
  return (req, res, next) => {
    res.setHeader('Content-Security-Policy', contentSecurityPolicy(req.path, options.paddleJsOrigin));
    res.setHeader('Permissions-Policy', permissionsPolicy(req.path, options.paddleJsOrigin));
    res.setHeader('Referrer-Policy', referrerPolicy(req.path));
    pageHelmet(req, res, next);
  };
}

export interface SiteOptions {
  /** The language cookie gets `Secure` (the site is served over https). */
  secureCookies: boolean;
  /** The origin the checkout page loads Paddle.js from, or null when this server offers no checkout. */
  paddleJsOrigin: string | null;
}

/**
 * One address per page: no trailing slash; `/` sends a visitor who chose Chinese to the Chinese home,
 * unless the request is the language switch's `/?lang=en`, which stores English instead (so switching
 * back works where the switch's script did not run).
 */
function canonicalUrls(options: SiteOptions): RequestHandler {
  return (req, res, next) => {
    const canonical = canonicalPath(req.path);
    if (canonical !== null) return res.redirect(301, canonical + search(req));
    if (req.path === '/') {
      // Caches must keep the two languages' answers apart.
      res.vary('Cookie');
      res.setHeader('Cache-Control', REVALIDATE_CACHE);
      if (req.query.lang === 'en') {
        res.cookie(LANGUAGE_COOKIE, 'en', {
          httpOnly: false,
          secure: options.secureCookies,
          sameSite: 'lax',
          path: '/',
          maxAge: 365 * 24 * 3600 * 1000,
        });
        return next();
      }
      const language = req.headers.cookie ? parseCookie(req.headers.cookie)[LANGUAGE_COOKIE] : undefined;
      if (language === 'zh-CN') return res.redirect(302, `/zh-cn${search(req)}`);
    }
    next();
  };
}

/**
 * The built files through serve-static (ETag, Last-Modified, 304s, HEAD, refusal of `..`), tried as
 * the path itself, then as `<path>.html` and `<path>/index.html` (see pageAlternatives). Never a
 * directory redirect: those would create URLs with a trailing slash.
 */
function staticFiles(root: string): RequestHandler {
  const hashed = join(root, HASHED_ASSETS_DIR) + sep;
  const files = express.static(root, {
    extensions: ['html'],
    index: 'index.html',
    redirect: false,
    dotfiles: 'ignore',
    cacheControl: false,
    setHeaders: (res, file) =>
      res.setHeader('Cache-Control', file.startsWith(hashed) ? IMMUTABLE_CACHE : REVALIDATE_CACHE),
  });
  return (req, res, next) => {
    // The 404 pages are answers to unknown paths, never pages of their own (a 200 would tell crawlers
    // and link checkers that a missing page exists).
    if (isNotFoundPagePath(req.path)) return next();
    const original = req.url;
    const query = search(req);
    const candidates = [original, ...pageAlternatives(req.path).map((path) => path + query)];
    const tryNext = (err?: unknown): void => {
      const url = candidates.shift();
      if (err || url === undefined) {
        req.url = original;
        return next(err);
      }
      req.url = url;
      files(req, res, tryNext);
    };
    tryNext();
  };
}

/** The site's own 404 page in the path's language, with status 404; a plain one while the site is not built. */
function notFoundPage(root: string): RequestHandler {
  const english = join(root, '404.html');
  const chinese = join(root, 'zh-cn', '404.html');
  return async (req: Request, res: Response) => {
    res.status(404).setHeader('Cache-Control', REVALIDATE_CACHE);
    for (const page of isChinesePath(req.path) ? [chinese, english] : [english]) {
      const html = await readFile(page).catch(() => null);
      if (html) return void res.type('html').send(html);
    }
    res.type('text/plain').send('Not found.\n');
  };
}

/**
 * Serves the built site from `siteDir`: mounted after every API route, it answers GET and HEAD for
 * any other path with a file, a redirect or the 404 page, compressed (gzip or brotli) when asked.
 */
export function siteMiddleware(siteDir: string, options: SiteOptions): Router {
  const root = resolve(siteDir);
  const router = express.Router();
  router.use(onlySiteRequests);
  router.use(siteHeaders(options));
  // Here, not app-wide: compression buffers what it compresses, and /v1 streams.
  router.use(compression());
  router.use(canonicalUrls(options));
  router.use(staticFiles(root));
  router.use(notFoundPage(root));
  return router;
}
