import { Injectable, Logger } from '@nestjs/common';
import { DebugCapturesService } from '@vipcloud/privacy';
import type { Request, Response } from 'express';
import { ClientSink } from '../chat/client-sink';
import type { ChatRequest } from '../chat/chat-request.schema';
import type { RequestContext } from '../chat/request-run.state';
import { CapturingSink } from './capturing-sink';

/** The request header that asks for a debug capture; only the value `1` does. */
export const DEBUG_REQUEST_HEADER = 'x-vipcloud-debug';
/** The answer's header: `kept` or `not-kept`, decided before the first byte (streams send headers early). */
export const DEBUG_CAPTURE_HEADER = 'X-VIPCloud-Debug-Capture';

/**
 * Debug captures on the chat completions path. A request without the debug header costs a header lookup
 * and a constant response header, nothing more: the consent is read (from the database) only for a
 * request that asks. One that asks, from a consenting account, is answered through a sink that also
 * assembles the answer's text; once the answer has ended, prompt and completion are handed to privacy,
 * which seals them before they reach the database. The text never enters a log line, a job or Redis.
 */
@Injectable()
export class DebugCaptureHook {
  private readonly logger = new Logger('DebugCapture');

  constructor(private readonly captures: DebugCapturesService) {}

  /** Runs `complete` with the caller's sink, capturing its answer if the request asked and may. */
  serve(
    req: Request,
    res: Response,
    request: ChatRequest,
    ctx: RequestContext,
    complete: (sink: ClientSink) => Promise<void>,
  ): Promise<void> {
    if (req.headers[DEBUG_REQUEST_HEADER] !== '1') {
      res.setHeader(DEBUG_CAPTURE_HEADER, 'not-kept');
      return complete(new ClientSink(res));
    }
    return this.serveAsked(res, request, ctx, complete);
  }

  private async serveAsked(
    res: Response,
    request: ChatRequest,
    ctx: RequestContext,
    complete: (sink: ClientSink) => Promise<void>,
  ): Promise<void> {
    const accountId = ctx.auth.accountId;
    const admitted = await this.captures.admits(accountId).catch((err: unknown) => {
      // Without a readable consent nothing is kept; the request itself is still served.
      this.logger.error(`could not read the debug consent for ${ctx.requestId}: ${errorName(err)}`);
      return false;
    });
    res.setHeader(DEBUG_CAPTURE_HEADER, admitted ? 'kept' : 'not-kept');
    if (!admitted) return complete(new ClientSink(res));
    const sink = new CapturingSink(res);
    try {
      await complete(sink);
    } finally {
      // After the answer has ended, on no caller's time; never fails the request it records.
      this.captures
        .record({
          accountId,
          requestId: ctx.requestId,
          model: request.model,
          prompt: JSON.stringify(request.messages),
          completion: sink.completion(),
        })
        .catch((err: unknown) =>
          this.logger.error(`could not keep the debug capture of ${ctx.requestId}: ${errorName(err)}`),
        );
    }
  }
}

/** An error's class name only: a driver's message may quote the statement, and so the text. */
function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'error';
}
