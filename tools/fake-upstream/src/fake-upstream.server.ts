import type { IncomingMessage, ServerResponse } from 'node:http';
import {
  BodyTooLargeError,
  listenOnLoopback,
  parseJsonOrText,
  readBody,
  sendJson,
  sendText,
  type LoopbackServer,
} from '@vipcloud/server-kit';
import { sleep, untilAborted } from './abortable-sleep.util';
import { buildCompletion, readChatRequest, type CompletionOutcome } from './completion.builder';
import { directiveSource, parseDirectives, type ErrorDirective, type FakeDirectives } from './directives';
import type { FakeFlavor, FakeUpstream, FakeUpstreamOptions, RecordedRequest } from './fake-upstream.types';
import { FLAVOR_FORMATS } from './flavors/flavor.registry';
import type {
  Completion,
  ErrorContext,
  FlavorFormat,
  JsonResponse,
  InStreamErrorKind,
  StreamFrame,
} from './flavors/flavor.types';
import { isRecord } from './json.util';
import { SseWriter } from './sse.writer';
import { framesWithoutUsage, withoutUsage } from './usage-omission.transform';

const DEFAULT_API_KEYS = ['sk-fake'];
const KEEPALIVE_INTERVAL_MS = 20;
const STALL_KEEPALIVE_INTERVAL_MS = 50;
const JSON_CONTENT_TYPE = 'application/json';
/** Far above any chat request a test sends, but a bound all the same. */
const MAX_BODY_BYTES = 16 * 1024 * 1024;
const SSE_HEADERS = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' } as const;

type Route = 'chat' | 'models';

interface Halt {
  readonly mode: 'stall' | 'cut';
  readonly afterContentChunks: number;
}

export async function startFakeUpstream(options: FakeUpstreamOptions): Promise<FakeUpstream> {
  const upstream = new FakeUpstreamServer(options);
  upstream.attach(await listenOnLoopback((req, res) => upstream.onRequest(req, res), options.port ?? 0));
  return upstream;
}

class FakeUpstreamServer implements FakeUpstream {
  readonly flavor: FakeFlavor;
  readonly requests: RecordedRequest[] = [];
  private readonly format: FlavorFormat;
  private readonly apiKeys: ReadonlySet<string>;
  /** Requests seen per `error=KIND@N` directive, for the failure budget. */
  private readonly errorCounts = new Map<string, number>();
  /** Streams the fake tore down on purpose (`cut_hard`), which must not count as client aborts. */
  private readonly selfDestroyed = new WeakSet<ServerResponse>();
  private listener: LoopbackServer | undefined;
  private streamsOpen = 0;
  private streamsAborted = 0;
  private bytesStreamed = 0;
  private closing = false;

  constructor(options: FakeUpstreamOptions) {
    this.flavor = options.flavor;
    this.format = FLAVOR_FORMATS[options.flavor];
    if (this.format === undefined) throw new Error(`Unknown fake upstream flavor: ${String(options.flavor)}`);
    this.apiKeys = new Set(options.apiKeys ?? DEFAULT_API_KEYS);
  }

  get origin(): string {
    if (this.listener === undefined) throw new Error('Fake upstream is not listening');
    return this.listener.origin;
  }

  get baseUrl(): string {
    return `${this.origin}${this.format.basePaths[0]}`;
  }

  get openStreams(): number {
    return this.streamsOpen;
  }

  get abortedStreams(): number {
    return this.streamsAborted;
  }

  get streamedBytes(): number {
    return this.bytesStreamed;
  }

  reset(): void {
    // Emptied in place: tests may hold on to the array.
    this.requests.length = 0;
    this.errorCounts.clear();
    this.streamsAborted = 0;
    this.bytesStreamed = 0;
  }

  attach(listener: LoopbackServer): void {
    this.listener = listener;
  }

  close(): Promise<void> {
    // Set first: streams torn down by the close are not client aborts.
    this.closing = true;
    return this.listener?.close() ?? Promise.resolve();
  }

  onRequest(req: IncomingMessage, res: ServerResponse): void {
    const lifetime = new AbortController();
    res.on('close', () => lifetime.abort());
    // Writes racing a client disconnect fail harmlessly; the close handler does the bookkeeping.
    res.on('error', () => undefined);
    this.handle(req, res, lifetime.signal).catch((error: unknown) => {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      if (error instanceof BodyTooLargeError) {
        this.sendJson(res, { status: 413, body: { error: { message: error.message, type: 'invalid_request_error' } } });
        return;
      }
      this.sendJson(res, { status: 500, body: { error: { message: `fake upstream failure: ${String(error)}` } } });
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse, signal: AbortSignal): Promise<void> {
    const method = req.method ?? 'GET';
    const path = new URL(req.url ?? '/', this.origin).pathname;
    const route = this.route(path);
    const body = parseJsonOrText(await readBody(req, MAX_BODY_BYTES));
    if (route === 'chat') this.requests.push({ method, path, headers: { ...req.headers }, body });
    if (route === undefined) {
      this.sendJson(res, {
        status: 404,
        body: { error: { message: `No route for ${method} ${path}`, type: 'invalid_request_error' } },
      });
      return;
    }

    const apiKey = bearerKey(req.headers.authorization);
    const context: ErrorContext = {
      model: isRecord(body) && typeof body['model'] === 'string' ? body['model'] : '',
      apiKey,
    };
    if (apiKey === undefined || !this.apiKeys.has(apiKey)) {
      this.sendJson(res, this.format.httpError('auth', context));
      return;
    }
    const expectedMethod = route === 'models' ? 'GET' : 'POST';
    if (method !== expectedMethod) {
      this.sendJson(res, {
        status: 405,
        body: { error: { message: `Method ${method} not allowed`, type: 'invalid_request_error' } },
      });
      return;
    }
    if (route === 'models') {
      this.sendJson(res, { status: 200, body: this.format.modelsBody() });
      return;
    }
    await this.chat(body, context, res, signal);
  }

  private route(path: string): Route | undefined {
    const trimmed = path.replace(/\/+$/, '');
    for (const base of this.format.basePaths) {
      if (trimmed === `${base}/chat/completions`) return 'chat';
      if (trimmed === `${base}/models`) return 'models';
    }
    return undefined;
  }

  private async chat(body: unknown, context: ErrorContext, res: ServerResponse, signal: AbortSignal): Promise<void> {
    const request = readChatRequest(body);
    if (request === undefined) {
      this.sendJson(res, this.format.httpError('bad_request', context));
      return;
    }
    const invalid = this.format.validateRequest(request.body, context);
    if (invalid !== undefined) {
      this.sendJson(res, invalid);
      return;
    }

    const directives = parseDirectives(directiveSource(body));
    const error = this.activeError(directives.error);
    let outcome: CompletionOutcome = 'normal';
    let inStreamError: InStreamErrorKind | undefined;
    if (error !== undefined) {
      const kind = error.kind;
      switch (kind) {
        case 'network':
          res.socket?.destroy();
          return;
        case 'refusal_output':
          outcome = 'output_filter';
          // Without a finish reason for it, a streamed output-filter hit arrives as an in-stream error frame.
          if (this.format.outputFilterFinishReason === undefined && request.stream) inStreamError = 'output_filter';
          break;
        case 'midstream_error':
          if (!request.stream) {
            this.sendJson(res, this.format.httpError('server', context));
            return;
          }
          inStreamError = 'server';
          break;
        case 'transient_finish':
          if (this.format.transientFinishReason === undefined) {
            this.sendJson(res, this.format.httpError('server', context));
            return;
          }
          outcome = 'transient';
          break;
        case 'base_resp': {
          const code = error.param !== undefined && /^\d+$/.test(error.param) ? Number(error.param) : undefined;
          this.sendJson(res, this.format.legacyError(code, context) ?? this.format.httpError('server', context));
          return;
        }
        default:
          this.sendJson(res, this.format.httpError(kind, context));
          return;
      }
    }

    const completion = buildCompletion(this.format, request, directives, outcome);
    if (request.stream) await this.stream(res, completion, directives, inStreamError, signal);
    else await this.respond(res, completion, directives, signal);
  }

  /** Applies the `@N` budget: the directive fails only the first N requests that carry it. */
  private activeError(directive: ErrorDirective | undefined): ErrorDirective | undefined {
    if (directive === undefined || directive.times === undefined) return directive;
    const seen = (this.errorCounts.get(directive.key) ?? 0) + 1;
    this.errorCounts.set(directive.key, seen);
    return seen <= directive.times ? directive : undefined;
  }

  private async respond(
    res: ServerResponse,
    completion: Completion,
    directives: FakeDirectives,
    signal: AbortSignal,
  ): Promise<void> {
    const rendered = this.format.completionBody(completion);
    const body = JSON.stringify(directives.noUsage ? withoutUsage(rendered) : rendered);
    if (directives.keepalive > 0) {
      // Like DeepSeek while a request is queued: status first, blank lines, then the JSON.
      res.writeHead(200, { 'content-type': JSON_CONTENT_TYPE });
      res.flushHeaders();
      for (let i = 0; i < directives.keepalive && !signal.aborted; i++) {
        res.write('\n');
        await sleep(KEEPALIVE_INTERVAL_MS, signal);
      }
    }
    if (directives.delayMs > 0) await sleep(directives.delayMs, signal);
    if (signal.aborted) return;

    if (directives.stallAfter !== undefined || directives.cutAfter !== undefined) {
      if (!res.headersSent) {
        res.writeHead(200, { 'content-type': JSON_CONTENT_TYPE });
        res.flushHeaders();
      }
      if (directives.stallAfter !== undefined) {
        await this.stall(signal, directives.keepaliveDuringStall ? () => void res.write('\n') : undefined);
        return;
      }
      res.write(body.slice(0, Math.floor(body.length / 2)));
      this.endCut(res, directives.cutHard);
      return;
    }
    if (res.headersSent) res.end(body);
    else sendText(res, 200, body, { 'content-type': JSON_CONTENT_TYPE });
  }

  private async stream(
    res: ServerResponse,
    completion: Completion,
    directives: FakeDirectives,
    inStreamError: InStreamErrorKind | undefined,
    signal: AbortSignal,
  ): Promise<void> {
    res.writeHead(200, SSE_HEADERS);
    res.flushHeaders();
    this.trackStream(res);

    let frames = this.format.streamFrames(completion);
    if (directives.noUsage) frames = framesWithoutUsage(frames);
    if (inStreamError !== undefined) frames = withInStreamError(frames, this.format.inStreamError(inStreamError));
    const writer = new SseWriter(res, directives, signal, (bytes) => (this.bytesStreamed += bytes));
    const halt: Halt | undefined =
      directives.stallAfter !== undefined
        ? { mode: 'stall', afterContentChunks: directives.stallAfter }
        : directives.cutAfter !== undefined
          ? { mode: 'cut', afterContentChunks: directives.cutAfter }
          : undefined;

    for (let i = 0; i < directives.keepalive && !signal.aborted; i++) {
      await writer.comment('keep-alive');
      await sleep(KEEPALIVE_INTERVAL_MS, signal);
    }

    let contentSent = 0;
    for (const [index, frame] of frames.entries()) {
      if (halt !== undefined && contentSent >= halt.afterContentChunks) {
        await this.halt(res, writer, halt, frame, directives, signal);
        return;
      }
      if (index > 0 && directives.delayMs > 0) await sleep(directives.delayMs, signal);
      if (signal.aborted) return;
      await writer.data(frame.data);
      if (frame.kind === 'content') contentSent++;
    }
    // A halt point past the last answer chunk still withholds the terminator.
    if (halt !== undefined) {
      await this.halt(res, writer, halt, undefined, directives, signal);
      return;
    }
    if (inStreamError === undefined && !directives.noDone) {
      if (directives.delayMs > 0) await sleep(directives.delayMs, signal);
      await writer.data('[DONE]');
    }
    if (!signal.aborted) res.end();
  }

  private async halt(
    res: ServerResponse,
    writer: SseWriter,
    halt: Halt,
    next: StreamFrame | undefined,
    directives: FakeDirectives,
    signal: AbortSignal,
  ): Promise<void> {
    if (halt.mode === 'stall') {
      await this.stall(signal, directives.keepaliveDuringStall ? () => writer.comment('keep-alive') : undefined);
      return;
    }
    await writer.halfData(next === undefined ? '[DONE]' : next.data);
    if (!signal.aborted) this.endCut(res, directives.cutHard);
  }

  /** Holds the connection open until the client leaves, optionally with progress-free keep-alives. */
  private async stall(signal: AbortSignal, keepAlive: (() => Promise<void> | void) | undefined): Promise<void> {
    if (keepAlive === undefined) {
      await untilAborted(signal);
      return;
    }
    while (!signal.aborted) {
      await sleep(STALL_KEEPALIVE_INTERVAL_MS, signal);
      if (!signal.aborted) await keepAlive();
    }
  }

  private endCut(res: ServerResponse, hard: boolean): void {
    if (!hard) {
      res.end();
      return;
    }
    // Ending the socket (not the response) flushes what was written but never sends the final chunk.
    this.selfDestroyed.add(res);
    const socket = res.socket;
    socket?.end(() => socket.destroy());
  }

  private trackStream(res: ServerResponse): void {
    this.streamsOpen++;
    res.on('close', () => {
      this.streamsOpen--;
      if (!res.writableFinished && !this.closing && !this.selfDestroyed.has(res)) this.streamsAborted++;
    });
  }

  private sendJson(res: ServerResponse, response: JsonResponse): void {
    sendJson(res, response.status, response.body);
  }
}

function withInStreamError(frames: StreamFrame[], error: unknown): StreamFrame[] {
  // The error replaces everything after the first answer chunk (or, with no answer text, the finish chunk).
  const firstContent = frames.findIndex((frame) => frame.kind === 'content');
  const firstFinal = frames.findIndex((frame) => frame.kind === 'final');
  const keep = firstContent !== -1 ? firstContent + 1 : firstFinal !== -1 ? firstFinal : frames.length;
  return [...frames.slice(0, keep), { kind: 'error', data: error }];
}

function bearerKey(header: string | undefined): string | undefined {
  const match = header === undefined ? null : /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}
