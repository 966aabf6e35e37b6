import { Injectable, OnModuleInit } from '@nestjs/common';
import { getEncoding, Tiktoken } from 'js-tiktoken';
import type { ChatMessage } from '../chat/chat-request.schema';
import { contentText } from '../providers/wire';

/** OpenAI's per-message framing overhead, used for estimates. */
const TOKENS_PER_MESSAGE = 3;
/**
 * Exact counting is synchronous and costs about 0.5 s per MB; above this size a caller could stall
 * the event loop on purpose, so long texts are estimated at 4 bytes a token instead.
 */
const EXACT_LIMIT_CHARS = 32_768;

/**
 * Token counts for when the upstream's own usage never came (a broken or aborted stream). The
 * encoder loads once at start-up, not on the first request.
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

  count(text: string): number {
    if (!text) return 0;
    if (text.length > EXACT_LIMIT_CHARS) return Math.ceil(Buffer.byteLength(text, 'utf8') / 4);
    return this.enc().encode(text).length;
  }

  countMessages(messages: ChatMessage[]): number {
    let total = 3;
    for (const m of messages) total += TOKENS_PER_MESSAGE + this.count(contentText(m.content));
    return total;
  }
}
