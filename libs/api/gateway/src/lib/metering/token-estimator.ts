import { Injectable, Logger } from '@nestjs/common';
import type { Tiktoken } from 'js-tiktoken';
import type { ChatMessage, ChatRequest } from '../chat/chat-request.schema';
import { isRecord } from '../providers/wire';

/** OpenAI's per-message framing overhead, used for estimates. */
const TOKENS_PER_MESSAGE = 3;
/** OpenAI's priming of every reply (`<|start|>assistant<|message|>`). */
const TOKENS_PER_REPLY = 3;
/**
 * Exact counting is synchronous and costs about 0.5 s per MB; above this size a caller could stall
 * the event loop on purpose, so long texts are estimated from their bytes instead.
 */
const EXACT_LIMIT_CHARS = 32_768;
/**
 * What JSON and long text are estimated at when not tokenised: tool definitions and prose average
 * 4+ bytes a token. Only an estimate: dense content (digits, punctuation, base64) gets 1-2.
 */
const BYTES_PER_TOKEN_ESTIMATE = 4;
/**
 * What one image may cost, whatever its size or `detail`: OpenAI's high-detail tiling bills at most
 * 85 + 8 × 170 = 1,445 tokens (a 768 × 2048 image, 8 tiles of 512 px), and its patch-based models
 * cap an image at 1,536 patches of 32 px; we hold the larger of the two.
 */
export const IMAGE_TOKENS_BOUND = 1_536;
/**
 * Request fields that providers do not bill as input (sampling settings, limits, routing). Every
 * other field is bounded from its JSON: `tools`, `functions`, `tool_choice`, `response_format` and
 * any field passed through to the provider, which may well put it into the prompt.
 */
const UNBILLED_FIELDS = new Set([
  'model',
  'messages',
  'stream',
  'stream_options',
  'max_tokens',
  'max_completion_tokens',
  'temperature',
  'top_p',
  'n',
  'presence_penalty',
  'frequency_penalty',
  'stop',
  'user',
  'reasoning_effort',
  'seed',
  'logprobs',
  'top_logprobs',
  'logit_bias',
  'parallel_tool_calls',
]);

/**
 * The most a provider can bill for a prompt, for the hold. Every tokeniser our providers use is
 * byte-level BPE, so a token covers at least one byte and a text of N bytes is at most N tokens
 * (random digits between spaces reach that; bytes / 3 would let such a prompt cost three times its
 * hold), and a prompt longer than the model's context window is refused, not billed. Counted from
 * bytes alone: no tokeniser runs before a request goes upstream, and settlement bills what the
 * upstream reports (or the estimate below when it reports nothing).
 */
export interface PromptBound {
  bound: number;
}

type Encode = (text: string) => number;

/** What a prompt is made of, as counted so far. */
class Tally {
  /** Framing, images and, when an encoder is given, short texts counted exactly. */
  tokens = 0;
  /** UTF-8 bytes of everything not tokenised: JSON, and text (all of it without an encoder). */
  bytes = 0;

  constructor(private readonly encode: Encode | null) {}

  text(text: string): void {
    if (!text) return;
    if (this.encode && text.length <= EXACT_LIMIT_CHARS) this.tokens += this.encode(text);
    else this.bytes += Buffer.byteLength(text, 'utf8');
  }

  json(value: unknown): void {
    const text = JSON.stringify(value);
    if (text !== undefined) this.bytes += Buffer.byteLength(text, 'utf8');
  }
}

/**
 * Token counts: the hold's prompt bound before a request goes upstream (from bytes, no tables), and
 * the estimate for when the upstream's own usage never came (a broken or aborted stream, a provider
 * that omits it). The estimate tokenises with o200k_base, whose tables cost ~150 MB and ~0.5 s to
 * build: they load on the first request that needs an estimate, never at start-up, so a gateway
 * whose upstreams report usage never holds them.
 */
@Injectable()
export class TokenEstimator {
  private readonly logger = new Logger('TokenEstimator');
  private encoder: Tiktoken | null = null;
  private loading: Promise<void> | null = null;

  /**
   * Resolves once the tokeniser is loaded; loads it on the first call. Never rejects: if the tables
   * cannot load, estimates fall back to bytes (4 a token) rather than failing a request's metering.
   */
  ready(): Promise<void> {
    if (this.encoder) return Promise.resolve();
    this.loading ??= import('js-tiktoken').then(
      ({ getEncoding }) => {
        this.encoder = getEncoding('o200k_base');
      },
      (err: unknown) => {
        this.logger.error(`could not load the tokeniser: ${err instanceof Error ? err.message : String(err)}`);
      },
    );
    return this.loading;
  }

  /** Whether `count` and `estimatePrompt` tokenise (true after `ready()`), or estimate from bytes. */
  get loaded(): boolean {
    return this.encoder !== null;
  }

  /** A text's tokens: exact when short, about 4 bytes a token when long (or before `ready()`). */
  count(text: string): number {
    if (!text) return 0;
    const encoder = this.encoder;
    if (!encoder || text.length > EXACT_LIMIT_CHARS) {
      return Math.ceil(Buffer.byteLength(text, 'utf8') / BYTES_PER_TOKEN_ESTIMATE);
    }
    return encoder.encode(text).length;
  }

  /**
   * The hold's figure for the request's input: message text, names, assistant tool calls and
   * reasoning, tool results, images, and every other forwarded field a provider may bill (tool
   * definitions, response schemas, pass-through fields). Bytes, not tokens (see PromptBound).
   */
  boundPrompt(request: ChatRequest, contextWindow = Number.POSITIVE_INFINITY): PromptBound {
    const tally = this.tally(request, null);
    return { bound: Math.min(contextWindow, tally.tokens + tally.bytes) };
  }

  /**
   * The best guess of the request's input tokens, for a request whose upstream never reported usage:
   * the same parts as the bound, text tokenised where that is cheap (after `ready()`), the rest at
   * about 4 bytes a token. Never above the bound.
   */
  estimatePrompt(request: ChatRequest): number {
    const encoder = this.encoder;
    const tally = this.tally(request, encoder ? (text) => encoder.encode(text).length : null);
    return tally.tokens + Math.ceil(tally.bytes / BYTES_PER_TOKEN_ESTIMATE);
  }

  private tally(request: ChatRequest, encode: Encode | null): Tally {
    const tally = new Tally(encode);
    tally.tokens += TOKENS_PER_REPLY;
    for (const m of request.messages) message(tally, m);
    const fields = request as Record<string, unknown>;
    for (const key of Object.keys(fields)) if (!UNBILLED_FIELDS.has(key)) tally.json(fields[key]);
    return tally;
  }
}

function message(tally: Tally, message: ChatMessage): void {
  tally.tokens += TOKENS_PER_MESSAGE;
  const fields = message as Record<string, unknown>;
  for (const key of Object.keys(fields)) {
    const value = fields[key];
    if (key === 'role' || value === null || value === undefined) continue;
    if (key === 'content') content(tally, value);
    // `name`, `tool_call_id`, `reasoning_content`: text, plus a token of framing.
    else if (typeof value === 'string') {
      tally.text(value);
      tally.tokens += 1;
    }
    // `tool_calls` (ids, names and JSON arguments) and anything a provider added.
    else tally.json(value);
  }
}

function content(tally: Tally, content: unknown): void {
  if (typeof content === 'string') return tally.text(content);
  if (!Array.isArray(content)) return tally.json(content);
  for (const part of content) {
    if (isRecord(part) && part['type'] === 'text' && typeof part['text'] === 'string') {
      tally.text(part['text']);
    } else if (isRecord(part) && part['type'] === 'image_url') {
      // Billed by its pixels, not its URL's bytes (a data: URL is mostly base64).
      tally.tokens += IMAGE_TOKENS_BOUND;
    } else {
      // Audio, files and parts we do not know: their bytes, base64 included, bound them.
      tally.json(part);
    }
  }
}
