import type { FakeFlavor } from '../fake-upstream.types';

export interface UsageFigures {
  readonly promptTokens: number;
  readonly completionTokens: number;
  readonly totalTokens: number;
  readonly reasoningTokens: number;
  readonly cachedTokens: number;
}

/** One generated answer, provider-neutral; each flavor renders it in its own wire format. */
export interface Completion {
  readonly id: string;
  readonly created: number;
  readonly model: string;
  /** The visible answer text actually generated (already cut down for `length` or partial outcomes). */
  readonly reply: string;
  readonly replyChunks: readonly string[];
  readonly think: string;
  readonly toolName: string | undefined;
  /** The tool call's arguments (a JSON text), from `tool_args`; `{}` by default. */
  readonly toolArguments: string;
  readonly finishReason: string;
  readonly usage: UsageFigures;
  /** The client asked for `stream_options.include_usage`. */
  readonly includeUsage: boolean;
  /** Moonshot's alternative documented placement of stream usage. */
  readonly usageTopLevel: boolean;
  /** MiniMax signals its output filter with flags instead of a finish reason. */
  readonly outputSensitive: boolean;
}

/**
 * `content` frames carry answer text and are what `stall_after` / `cut_after` count;
 * `reasoning` frames carry thinking even when a provider puts it inside `content`.
 */
export type StreamFrameKind = 'meta' | 'reasoning' | 'content' | 'final' | 'error';

export interface StreamFrame {
  readonly kind: StreamFrameKind;
  readonly data: unknown;
}

/** A complete JSON answer: an error, MiniMax's 200-with-base_resp error, or a plain listing. */
export interface JsonResponse {
  readonly status: number;
  readonly body: unknown;
}

/** Failures answered with an HTTP error status before any generation. */
export type HttpErrorKind =
  | 'auth'
  | 'forbidden'
  | 'quota'
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'context'
  | 'bad_request'
  | 'not_found'
  | 'refusal'
  | 'refusal_legacy';

export interface ErrorContext {
  readonly model: string;
  /** The bearer key presented, if any; undefined when the header was missing or malformed. */
  readonly apiKey: string | undefined;
}

export type InStreamErrorKind = 'server' | 'output_filter';

export interface FlavorFormat {
  readonly flavor: FakeFlavor;
  /** Route prefixes for `/chat/completions` and `/models`; the first one is the advertised base URL path. */
  readonly basePaths: readonly string[];
  /** Finish reason used when the output filter stops generation; undefined when the provider signals it otherwise. */
  readonly outputFilterFinishReason: string | undefined;
  /** Finish reason meaning "cut off by an upstream fault, retry"; undefined when the provider answers a plain 500. */
  readonly transientFinishReason: string | undefined;
  newId(): string;
  httpError(kind: HttpErrorKind, context: ErrorContext): JsonResponse;
  /** Provider-specific request strictness; undefined when the request is acceptable. */
  validateRequest(body: Readonly<Record<string, unknown>>, context: ErrorContext): JsonResponse | undefined;
  /** MiniMax's legacy "HTTP 200 with base_resp.status_code != 0"; undefined for providers without it. */
  legacyError(code: number | undefined, context: ErrorContext): JsonResponse | undefined;
  inStreamError(kind: InStreamErrorKind): unknown;
  completionBody(completion: Completion): unknown;
  /** Every event of a normal stream except the `[DONE]` terminator. */
  streamFrames(completion: Completion): StreamFrame[];
  modelsBody(): unknown;
}
