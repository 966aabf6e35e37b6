import { performance } from 'node:perf_hooks';
import type { AuthenticatedKey } from '@vipcloud/accounts';
import { costMicros } from '@vipcloud/billing';
import type { ServerTiming } from '@vipcloud/platform';
import type { Channel } from '../catalog/model-catalog.service';
import type { ModelPrice } from '../catalog/model-catalog.schema';
import { RequestLogEntity, UsageSource } from '../metering/request-log.entity';
import type { TokenEstimator } from '../metering/token-estimator';
import type { TokenUsage } from '../providers/provider-adapter';
import type { ChatRequest } from './chat-request.schema';
import type { ToolCallOut } from './openai.types';

export interface RequestContext {
  requestId: string;
  auth: AuthenticatedKey;
  /** Already truncated. */
  clientIp: string | null;
  /** performance.now() when the request arrived. */
  startedAt: number;
  /** The answer's Server-Timing: the gateway marks its upstream calls in it. */
  timing?: ServerTiming;
}

/** A whole answer's message or one stream delta: both carry generated text under the same names. */
export interface GeneratedPart {
  content?: string | null;
  reasoning_content?: string;
  tool_calls?: ToolCallOut[];
}

/**
 * Everything the model generated in one part, as the estimate counts it; the same for every path. In the
 * order a stream delivers it (thinking, answer, tool calls), so a whole answer concatenates to the same
 * text as its stream and tokenises to the same count.
 */
export function generatedText(part: GeneratedPart): string {
  let text = (part.reasoning_content ?? '') + (part.content ?? '');
  if (part.tool_calls) for (const call of part.tool_calls) text += call.function?.arguments ?? '';
  return text;
}

const NO_USAGE: TokenUsage = { inputTokens: 0, cachedTokens: 0, outputTokens: 0, reasoningTokens: 0 };

/**
 * What one request did, gathered while it runs and written as its metadata row at the end. Every path
 * (a whole answer, a relayed stream, a whole answer replayed as a stream) records through this object,
 * so the row and the estimate cannot depend on which path served the request.
 */
export class RequestRun {
  attempts = 0;
  channel: Channel | null = null;
  status = 200;
  errorCode: string | null = null;
  finishReason: string | null = null;
  ttfbMs: number | null = null;
  /** The upstream's own usage, when it came. */
  usage: TokenUsage | null = null;
  /** Some answer reached the caller (or was ready to). */
  produced = false;
  /** Credits were reserved for this request and must be settled. */
  held = false;
  /** The request as sent upstream: its prompt is tokenised only if the upstream's usage never comes. */
  prompt: ChatRequest | null = null;
  /** Generated text, held in memory only, to estimate tokens if the upstream's usage never comes. */
  private generated = '';
  /** Usage estimated from the text, counted once: the usage chunk and the row must agree. */
  private estimate: TokenUsage | undefined;
  /** performance.now() when the answer ended; the row's latency, whatever metering does afterwards. */
  private endedAt: number | null = null;

  constructor(
    private readonly ctx: RequestContext,
    private readonly model: string,
    private readonly stream: boolean,
    private readonly estimator: TokenEstimator,
  ) {}

  startAttempt(channel: Channel): void {
    this.attempts++;
    this.channel = channel;
  }

  /** The first byte of an answer is about to leave; only the first call counts. */
  firstByte(): void {
    this.ttfbMs ??= Math.round(performance.now() - this.ctx.startedAt);
  }

  addGenerated(part: GeneratedPart): void {
    this.generated += generatedText(part);
  }

  failed(status: number, errorCode: string | null): void {
    this.status = status;
    this.errorCode = errorCode;
  }

  clientClosed(): void {
    this.failed(499, 'client_closed');
  }

  /** The request is over (answered, failed or abandoned): its latency stops here. */
  ended(): void {
    this.endedAt ??= performance.now();
  }

  /** True when the usage must be estimated (nothing from the upstream) and has not been yet. */
  get needsEstimate(): boolean {
    return this.usage === null && this.estimate === undefined && (this.produced || this.generated.length > 0);
  }

  /**
   * Loads the tokeniser if this request's usage must be estimated; call before `usageOrEstimate()`
   * where the figure is needed. Requests whose upstream reported usage (nearly all) never wait here.
   */
  async prepareEstimate(): Promise<void> {
    if (this.needsEstimate) await this.estimator.ready();
  }

  usageOrEstimate(): { usage: TokenUsage; source: UsageSource } {
    if (this.usage) return { usage: this.usage, source: 'upstream' };
    if (!this.produced && this.generated.length === 0) return { usage: NO_USAGE, source: 'none' };
    // Tokenising is not free: count once, even if the usage chunk and the row both ask. Without
    // `prepareEstimate()` first (the tokeniser not loaded) this counts from bytes, still only once.
    this.estimate ??= {
      inputTokens: this.prompt ? this.estimator.estimatePrompt(this.prompt) : 0,
      cachedTokens: 0,
      outputTokens: this.estimator.count(this.generated),
      reasoningTokens: 0,
    };
    return { usage: this.estimate, source: 'estimated' };
  }

  /**
   * The request's metadata row, with its cost at the price read when it started. Call once, at the end:
   * it lets go of the generated text, which must not outlive the request.
   */
  logRow(price: ModelPrice, createdAt: Date, catalogVersion: string): RequestLogEntity {
    const { usage, source } = this.usageOrEstimate();
    this.generated = '';
    this.prompt = null;
    // Failed requests cost nothing; an answer cut short by the caller pays for what was generated.
    const billable = this.status === 200 || this.status === 499;
    return Object.assign(new RequestLogEntity(), {
      id: this.ctx.requestId,
      createdAt,
      accountId: this.ctx.auth.accountId,
      apiKeyId: this.ctx.auth.keyId,
      model: this.model,
      provider: this.channel?.provider ?? null,
      route: this.channel?.id ?? null,
      attempts: this.attempts,
      stream: this.stream,
      status: this.status,
      errorCode: this.errorCode,
      // Upstream-chosen text, cut to its column so one odd value cannot fail a batch of rows.
      finishReason: this.finishReason ? this.finishReason.slice(0, 32) : null,
      inputTokens: usage.inputTokens,
      cachedTokens: usage.cachedTokens,
      outputTokens: usage.outputTokens,
      reasoningTokens: usage.reasoningTokens,
      usageSource: source,
      latencyMs: Math.round((this.endedAt ?? performance.now()) - this.ctx.startedAt),
      ttfbMs: this.ttfbMs,
      clientIp: this.ctx.clientIp,
      costMicros: billable ? costMicros(usage, price) : 0,
      priceInputMicros: price.input,
      priceCachedMicros: price.cachedInput,
      priceOutputMicros: price.output,
      catalogVersion,
    });
  }
}
