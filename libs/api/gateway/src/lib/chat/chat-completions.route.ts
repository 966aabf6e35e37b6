import { performance } from 'node:perf_hooks';
import type { INestApplicationContext } from '@nestjs/common';
import { type AuthenticatedKey, ApiKeysService, presentedKey } from '@vipcloud/accounts';
import { answerWithError, serverTimingOf, truncateIp } from '@vipcloud/platform';
import type { Request, RequestHandler, Response } from 'express';
import { DebugCaptureHook } from '../debug/debug-capture.hook';
import { ChatCompletionsService, RequestContext } from './chat-completions.service';
import { parseChatRequest } from './chat-request.parser';

/** Where the route below is mounted; the controller declares the same path. */
export const CHAT_COMPLETIONS_PATH = '/v1/chat/completions';

/** One chat completion for an authenticated caller: what the controller and the plain route both run. */
export function serveChatCompletion(
  chat: ChatCompletionsService,
  body: unknown,
  req: Request,
  auth: AuthenticatedKey,
  res: Response,
  debug: DebugCaptureHook,
  clientIp: string | null = truncateIp(req.ip),
): Promise<void> {
  const timing = serverTimingOf(res);
  const request = parseChatRequest(body);
  const ctx: RequestContext = {
    requestId: String(req.id),
    auth,
    clientIp,
    // One start for the metadata row's latency and the Server-Timing header: the request's arrival.
    startedAt: timing?.startedAt ?? performance.now(),
    timing,
  };
  // The caller's sink comes from the debug hook: a capturing one only when asked for and consented to.
  return debug.serve(req, res, request, ctx, (sink) => chat.complete(request, ctx, sink));
}

/**
 * POST /v1/chat/completions as a plain Express handler, mounted ahead of Nest's router: the busiest route
 * skips the walk through every other route and Nest's per-request pipeline (guard lookup by reflection,
 * interceptor and pipe chains, parameter factories), which was several percent of the gateway's CPU. It does
 * what that pipeline did for this route: the API key policy of the access guard, then the controller's work,
 * and every error is answered by the same mapping as the exception filter's.
 */
export function chatCompletionsRoute(app: INestApplicationContext): RequestHandler {
  const keys = app.get(ApiKeysService, { strict: false });
  const chat = app.get(ChatCompletionsService, { strict: false });
  const debug = app.get(DebugCaptureHook, { strict: false });
  return (req, res) => {
    // Truncated once: the key check bounds unknown keys per network, and the metadata row keeps it.
    const clientIp = truncateIp(req.ip);
    keys
      .authenticate(presentedKey(req), clientIp)
      .then((auth) => serveChatCompletion(chat, req.body, req, auth, res, debug, clientIp))
      .catch((err: unknown) => answerWithError(err, res));
  };
}
