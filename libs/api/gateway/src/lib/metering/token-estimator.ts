import { Injectable, OnModuleInit } from '@nestjs/common';
import { getEncoding, Tiktoken } from 'js-tiktoken';
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
 * A prompt's tokens two ways. `estimate` is the best guess, for a request whose upstream never
 * reported usage. `bound` is the most a provider can bill, for the hold: every tokeniser our
 * providers use is byte-level BPE, so a token covers at least one byte and a text of N bytes is at
 * most N tokens (random digits between spaces reach that; bytes / 3 would let such a prompt cost
 * three times its hold), and a prompt longer than the model's context window is refused, not billed.
 */
export interface PromptTokens {
  estimate: number;
  bound: number;
}

/** What a prompt is made of, as counted so far. */
class Tally {
  /** Tokens counted exactly (short texts), framing and images: the same in both figures. */
  tokens = 0;
  /** UTF-8 bytes of what was not tokenised: JSON and long texts. */
  bytes = 0;

  json(value: unknown): void {
    const text = JSON.stringify(value);
    if (text !== undefined) this.bytes += Buffer.byteLength(text, 'utf8');
  }
}

/**
 * Token counts: the hold's prompt estimate before a request goes upstream, and the fallback for when
 * the upstream's own usage never came (a broken or aborted stream). The encoder loads once at
 * start-up, not on the first request.
 */
@Injectable()
export class TokenEstimator implements OnModuleInit {
  private encoder: Tiktoken | null = null;

  onModuleInit(): void {
    this.encoder = getEncoding('o200k_base');
  }

  private enc(): Tiktoken {
    return (this.encoder ??= getEncoding('o200k_base'));
  }

  /** A text's tokens: exact when short, about 4 bytes a token when long (generated text). */
  count(text: string): number {
    if (!text) return 0;
    if (text.length > EXACT_LIMIT_CHARS) return Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
    return this.enc().encode(text).length;
  }

  /**
   * The request's input tokens: message text, names, assistant tool calls and reasoning, tool
   * results, images, and every other forwarded field a provider may bill (tool definitions,
   * response schemas, pass-through fields). Text is tokenised exactly where that is cheap; the
   * rest is counted from its bytes (see PromptTokens for what the two figures mean).
   */
  countPrompt(request: ChatRequest, contextWindow = Number.POSITIVE_INFINITY): PromptTokens {
    const tally = new Tally();
    tally.tokens += TOKENS_PER_REPLY;
    for (const m of request.messages) this.message(tally, m);
    const fields = request as Record<string, unknown>;
    for (const key of Object.keys(fields)) if (!UNBILLED_FIELDS.has(key)) tally.json(fields[key]);
    return {
      estimate: tally.tokens + Math.ceil(tally.bytes / BYTES_PER_TOKEN_ESTIMATE),
      bound: Math.min(contextWindow, tally.tokens + tally.bytes),
    };
  }

  private message(tally: Tally, message: ChatMessage): void {
    tally.tokens += TOKENS_PER_MESSAGE;
    const fields = message as Record<string, unknown>;
    for (const key of Object.keys(fields)) {
      const value = fields[key];
      if (key === 'role' || value === null || value === undefined) continue;
      if (key === 'content') this.content(tally, value);
      // `name`, `tool_call_id`, `reasoning_content`: text, plus a token of framing.
      else if (typeof value === 'string') {
        this.text(tally, value);
        tally.tokens += 1;
      }
      // `tool_calls` (ids, names and JSON arguments) and anything a provider added.
      else tally.json(value);
    }
  }

  private content(tally: Tally, content: unknown): void {
    if (typeof content === 'string') return this.text(tally, content);
    if (!Array.isArray(content)) return tally.json(content);
    for (const part of content) {
      if (isRecord(part) && part['type'] === 'text' && typeof part['text'] === 'string') {
        this.text(tally, part['text']);
      } else if (isRecord(part) && part['type'] === 'image_url') {
        // Billed by its pixels, not its URL's bytes (a data: URL is mostly base64).
        tally.tokens += IMAGE_TOKENS_BOUND;
      } else {
        // Audio, files and parts we do not know: their bytes, base64 included, bound them.
        tally.json(part);
      }
    }
  }

  private text(tally: Tally, text: string): void {
    if (text.length > EXACT_LIMIT_CHARS) tally.bytes += Buffer.byteLength(text, 'utf8');
    else if (text) tally.tokens += this.enc().encode(text).length;
  }
}
