import type { ChatRequest } from '../chat/chat-request.schema';
import type { ChunkDelta, ChatMessageOut } from '../chat/openai.types';

export interface TokenUsage {
  inputTokens: number;
  cachedTokens: number;
  outputTokens: number;
  reasoningTokens: number;
}

/**
 * Why an upstream call failed, independent of the provider's own codes. The kind decides what the
 * caller sees and whether another route may be tried.
 */
export type FailureKind =
  | 'refusal' // content filter before (or, in a stream, during) generation
  | 'invalid_request'
  | 'context_length'
  | 'auth' // our upstream credentials were refused
  | 'quota' // our upstream account has no balance
  | 'not_found' // the upstream does not serve the model we mapped to
  | 'rate_limit'
  | 'overloaded'
  | 'server'
  | 'network'
  | 'timeout';

export interface UpstreamFailure {
  kind: FailureKind;
  /** The provider's message; returned to the caller only for invalid requests. */
  message: string;
  upstreamStatus?: number;
  upstreamCode?: string;
}

export interface ParsedChoice {
  index: number;
  message: ChatMessageOut;
  finishReason: string | null;
}

export type ParsedCompletion =
  { ok: true; choices: ParsedChoice[]; usage: TokenUsage | null } | { ok: false; failure: UpstreamFailure };

export interface ChoiceDelta {
  index: number;
  delta: ChunkDelta;
  finishReason: string | null;
}

export type StreamEvent =
  | { type: 'choices'; choices: ChoiceDelta[] }
  | { type: 'usage'; usage: TokenUsage }
  | { type: 'failure'; failure: UpstreamFailure }
  | { type: 'done' };

/** Turns one provider's SSE `data` payloads into normalised events; may keep state per stream. */
export interface StreamDecoder {
  decode(data: string): StreamEvent[];
  /** Called at the end of the upstream stream, for anything held back. */
  flush(): StreamEvent[];
}

export interface BuildContext {
  upstreamModel: string;
  stream: boolean;
}

/** One provider's wire format, both ways. */
export interface ProviderAdapter {
  buildRequest(request: ChatRequest, context: BuildContext): Record<string, unknown>;
  /** A 2xx body; some providers report errors inside it. */
  parseCompletion(body: unknown): ParsedCompletion;
  classifyError(status: number, body: unknown): UpstreamFailure;
  createStreamDecoder(): StreamDecoder;
}
