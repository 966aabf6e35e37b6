import { performance } from 'node:perf_hooks';
import { Injectable, Logger } from '@nestjs/common';
import { createParser } from 'eventsource-parser';
import { AbuseSignalsService, RefusalStage } from '@vipcloud/abuse';
import { assertModelAllowed, AuthenticatedKey } from '@vipcloud/accounts';
import { AppError, Clock } from '@vipcloud/platform';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { Channel, ModelCatalogService } from '../catalog/model-catalog.service';
import type { CatalogModel, ModelPrice } from '../catalog/model-catalog.schema';
import { failureToError, MaxTokensTooLargeError, ModelNotFoundError, NoRouteAvailableError } from '../gateway.errors';
import { costMicros, CreditsService } from '@vipcloud/billing';
import { MeteringService } from '../metering/metering.service';
import { ModelPricesService } from '../prices/model-prices.service';
import { RequestLogEntity, UsageSource } from '../metering/request-log.entity';
import { TokenEstimator } from '../metering/token-estimator';
import { adapterFor } from '../providers/provider-adapter.registry';
import type { ParsedCompletion, ProviderAdapter, StreamEvent, TokenUsage, UpstreamFailure } from '../providers/provider-adapter';
import { isRouteFailure, RouteSelector } from '../routing/route-selector';
import { UpstreamClient, UpstreamResponse } from '../upstream/upstream-client';
import type { ChatRequest } from './chat-request.schema';
import { ClientSink } from './client-sink';
import type { ChatCompletionChunkOut, ChatCompletionOut, ChunkChoiceOut, OpenAiUsage } from './openai.types';

export interface RequestContext {
  requestId: string;
  auth: AuthenticatedKey;
  /** Already truncated. */
  clientIp: string | null;
  /** performance.now() when the request arrived. */
  startedAt: number;
}

/** What one request did, gathered while it runs and written as its metadata row at the end. */
interface RunState {
  attempts: number;
  channel: Channel | null;
  status: number;
  errorCode: string | null;
  finishReason: string | null;
  ttfbMs: number | null;
  usage: TokenUsage | null;
  /** Generated text, held in memory only, to estimate tokens if the upstream's usage never comes. */
  generated: string;
  produced: boolean;
  /** Credits were reserved for this request and must be settled. */
  held: boolean;
  /** The prompt's token estimate, counted once for the hold and reused if usage must be estimated. */
  promptEstimate: number;
  /** Usage estimated from the text, when the upstream's never came. */
  estimate?: TokenUsage;
}

type StreamOutcome = { type: 'completed' } | { type: 'failed'; failure: UpstreamFailure } | { type: 'client_closed' };

@Injectable()
export class ChatCompletionsService {
  private readonly logger = new Logger('ChatCompletions');

  constructor(
    private readonly catalog: ModelCatalogService,
    private readonly prices: ModelPricesService,
    private readonly router: RouteSelector,
    private readonly upstream: UpstreamClient,
    private readonly metering: MeteringService,
    private readonly estimator: TokenEstimator,
    private readonly abuse: AbuseSignalsService,
    private readonly credits: CreditsService,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly clock: Clock,
  ) {}

  async complete(request: ChatRequest, ctx: RequestContext, sink: ClientSink): Promise<void> {
    const resolved = this.catalog.find(request.model);
    if (!resolved) throw new ModelNotFoundError(request.model);
    assertModelAllowed(ctx.auth, request.model);
    checkOutputCap(request, resolved.model);
    // Read once, here: the hold, the cost and the metadata row all use this snapshot, so an
    // operator's price edit applies to new requests only, never to one already running.
    const price = await this.prices.priceFor(resolved.model);
    const run: RunState = {
      attempts: 0, channel: null, status: 200, errorCode: null, finishReason: null, ttfbMs: null, usage: null, generated: '', produced: false, held: false, promptEstimate: 0,
    };
    try {
      const channels = await this.router.order(resolved.channels);
      if (channels.length === 0) throw new NoRouteAvailableError(request.model, this.router.retryAfterSeconds);
      // Reserve the most this request can cost before anything goes upstream.
      const askedCap = request.max_completion_tokens ?? request.max_tokens ?? null;
      run.promptEstimate = this.estimator.countMessages(request.messages);
      const hold = await this.credits.reserve({
        accountId: ctx.auth.accountId,
        requestId: ctx.requestId,
        promptTokens: run.promptEstimate,
        maxOutputTokens: askedCap ?? resolved.model.defaultMaxOutputTokens ?? resolved.model.maxOutputTokens,
        price,
      });
      run.held = hold.amountMicros > 0;
      // The balance covers fewer tokens than asked: send the affordable cap upstream.
      if (hold.outputCap !== null) request = withOutputCap(request, hold.outputCap);
      if (request.stream) await this.streamed(request, ctx, sink, channels, run);
      else await this.unary(request, ctx, sink, channels, run);
    } catch (err) {
      run.status = err instanceof AppError ? err.status : 500;
      run.errorCode = err instanceof AppError ? err.code : 'internal_error';
      throw err;
    } finally {
      this.meter(request, ctx, price, run);
    }
  }

  private async unary(request: ChatRequest, ctx: RequestContext, sink: ClientSink, channels: Channel[], run: RunState): Promise<void> {
    let lastFailure: UpstreamFailure | null = null;
    for (const channel of channels) {
      if (sink.closed) return this.clientClosed(run, sink);
      run.attempts++;
      run.channel = channel;
      const adapter = adapterFor(channel.provider);
      const body = adapter.buildRequest(request, { upstreamModel: channel.upstreamModel, stream: false });
      const abort = new AbortController();
      const stopListening = sink.onClose(() => abort.abort());
      let outcome: ParsedCompletion;
      try {
        const res = await this.upstream.chatCompletions(channel, body, false, abort.signal);
        const parsed = parseBody(await this.readBody(res, abort));
        outcome = res.statusCode >= 400 ? { ok: false, failure: adapter.classifyError(res.statusCode, parsed) } : adapter.parseCompletion(parsed);
      } catch (err) {
        if (sink.closed) return this.clientClosed(run, sink);
        outcome = { ok: false, failure: transportFailure(err) };
      } finally {
        stopListening();
      }
      if (outcome.ok) {
        run.ttfbMs = Math.round(performance.now() - ctx.startedAt);
        run.finishReason = outcome.choices[0]?.finishReason ?? null;
        run.usage = outcome.usage;
        run.produced = true;
        for (const c of outcome.choices) run.generated += (c.message.content ?? '') + (c.message.reasoning_content ?? '');
        if (outcome.choices.some((c) => c.finishReason === 'content_filter')) this.reportRefusal(ctx, request, channel, 'output', null);
        const usage = this.usageOrEstimate(run).usage;
        const completion: ChatCompletionOut = {
          id: completionId(ctx),
          object: 'chat.completion',
          created: this.unixNow(),
          model: request.model,
          choices: outcome.choices.map((c) => ({ index: c.index, message: c.message, logprobs: null, finish_reason: c.finishReason })),
          usage: toOpenAiUsage(usage),
          system_fingerprint: null,
        };
        sink.sendJson(200, completion);
        return;
      }
      lastFailure = await this.handleFailure(outcome.failure, ctx, request, channel);
    }
    throw failureToError(lastFailure as UpstreamFailure, request.model, this.router.retryAfterSeconds);
  }

  private async streamed(request: ChatRequest, ctx: RequestContext, sink: ClientSink, channels: Channel[], run: RunState): Promise<void> {
    let lastFailure: UpstreamFailure | null = null;
    for (const channel of channels) {
      if (sink.closed) return this.clientClosed(run, sink);
      run.attempts++;
      run.channel = channel;
      const adapter = adapterFor(channel.provider);
      const body = adapter.buildRequest(request, { upstreamModel: channel.upstreamModel, stream: true });
      const abort = new AbortController();
      const stopListening = sink.onClose(() => abort.abort());
      let outcome: StreamOutcome;
      try {
        const res = await this.upstream.chatCompletions(channel, body, true, abort.signal);
        if (res.statusCode >= 400) {
          outcome = { type: 'failed', failure: adapter.classifyError(res.statusCode, parseBody(await this.readBody(res, abort))) };
        } else if (!isEventStream(res)) {
          // A 2xx that is not a stream: MiniMax's HTTP-200 errors (base_resp), or an upstream that
          // ignored stream:true and answered in one piece.
          const parsed = adapter.parseCompletion(parseBody(await this.readBody(res, abort)));
          outcome = parsed.ok ? this.replayAsStream(parsed, request, ctx, sink, run, channel) : { type: 'failed', failure: parsed.failure };
        } else {
          outcome = await this.relay(res, adapter, request, ctx, sink, run, abort, channel);
        }
      } catch (err) {
        outcome = sink.closed ? { type: 'client_closed' } : { type: 'failed', failure: transportFailure(err) };
      } finally {
        stopListening();
      }
      if (outcome.type === 'completed') return;
      if (outcome.type === 'client_closed') return this.clientClosed(run, sink);
      // Bytes already reached the caller: the stream has been ended with an error event, no retry.
      if (sink.started) return;
      lastFailure = await this.handleFailure(outcome.failure, ctx, request, channel);
    }
    throw failureToError(lastFailure as UpstreamFailure, request.model, this.router.retryAfterSeconds);
  }

  /**
   * Forwards one upstream stream to the caller, chunk by chunk as it arrives. Returns a failure
   * only if nothing was sent yet, so the caller can try another route.
   */
  private async relay(
    res: UpstreamResponse, adapter: ProviderAdapter, request: ChatRequest, ctx: RequestContext, sink: ClientSink,
    run: RunState, abort: AbortController, channel: Channel,
  ): Promise<StreamOutcome> {
    const decoder = adapter.createStreamDecoder();
    const includeUsage = request.stream_options?.include_usage === true;
    const id = completionId(ctx);
    const created = this.unixNow();
    let failure: UpstreamFailure | null = null;
    let done = false;
    let timedOut = false;

    const chunk = (choices: ChunkChoiceOut[]): ChatCompletionChunkOut => {
      const out: ChatCompletionChunkOut = { id, object: 'chat.completion.chunk', created, model: request.model, system_fingerprint: null, choices };
      if (includeUsage) out.usage = null;
      return out;
    };
    const handle = (events: StreamEvent[]): void => {
      for (const ev of events) {
        if (failure || done) return;
        if (ev.type === 'usage') run.usage = ev.usage;
        else if (ev.type === 'failure') failure = ev.failure;
        else if (ev.type === 'done') done = true;
        else {
          if (!sink.started) {
            sink.startStream();
            run.ttfbMs = Math.round(performance.now() - ctx.startedAt);
          }
          run.produced = true;
          for (const c of ev.choices) {
            run.generated += (c.delta.content ?? '') + (c.delta.reasoning_content ?? '') + (c.delta.tool_calls?.map((t) => t.function?.arguments ?? '').join('') ?? '');
            if (c.finishReason) run.finishReason = c.finishReason;
            if (c.finishReason === 'content_filter') this.reportRefusal(ctx, request, channel, 'output', null);
          }
          sink.writeData(JSON.stringify(chunk(ev.choices.map((c) => ({ index: c.index, delta: c.delta, logprobs: null, finish_reason: c.finishReason })))));
        }
      }
    };

    let idle: NodeJS.Timeout | undefined;
    const armIdle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        timedOut = true;
        abort.abort();
      }, this.config.upstreamIdleTimeoutMs);
    };
    // Only data events count as progress; keep-alive comments do not re-arm the timer.
    const parser = createParser({ onEvent: (e) => { armIdle(); handle(decoder.decode(e.data)); } });
    armIdle();
    const text = new TextDecoder();
    try {
      for await (const bytes of res.body) {
        sink.batch(() => parser.feed(text.decode(bytes as Buffer, { stream: true })));
        if (failure || done) break;
      }
      if (!failure && !done) {
        parser.feed(text.decode());
        parser.reset({ consume: true });
        handle(decoder.flush());
      }
    } catch (err) {
      if (sink.closed) return { type: 'client_closed' };
      // The answer was complete (finish_reason seen): a connection lost before [DONE] takes nothing away.
      if (run.finishReason === null || timedOut) {
        failure = timedOut ? { kind: 'timeout', message: 'The upstream stopped sending data.' } : transportFailure(err);
      }
    } finally {
      clearTimeout(idle);
      if (!res.body.destroyed) res.body.destroy();
    }
    if (!failure && ((!done && run.finishReason === null) || !run.produced)) {
      failure = { kind: 'server', message: 'The upstream stream ended before the answer was complete.' };
    }
    if (failure && !sink.started) return { type: 'failed', failure };
    const ended = failure as UpstreamFailure | null;
    sink.batch(() => {
      if (ended) this.endStreamWithFailure(ended, sink, run, chunk, ctx, request, channel);
      if (!ended || ended.kind === 'refusal') {
        if (includeUsage) {
          const usage = this.usageOrEstimate(run).usage;
          sink.writeData(JSON.stringify({ ...chunk([]), usage: toOpenAiUsage(usage) }));
        }
        sink.writeData('[DONE]');
      }
      sink.end();
    });
    return { type: 'completed' };
  }

  /** Reads a whole (error or non-stream) body, bounded by the idle timeout. */
  private async readBody(res: UpstreamResponse, abort: AbortController): Promise<string> {
    const timer = setTimeout(() => abort.abort(), this.config.upstreamIdleTimeoutMs);
    try {
      return await res.body.text();
    } finally {
      clearTimeout(timer);
    }
  }

  /** Sends a complete upstream answer to a caller who asked for a stream, in OpenAI's chunk form. */
  private replayAsStream(
    parsed: Extract<ParsedCompletion, { ok: true }>, request: ChatRequest, ctx: RequestContext, sink: ClientSink, run: RunState, channel: Channel,
  ): StreamOutcome {
    const includeUsage = request.stream_options?.include_usage === true;
    const base = { id: completionId(ctx), object: 'chat.completion.chunk' as const, created: this.unixNow(), model: request.model, system_fingerprint: null };
    sink.startStream();
    run.ttfbMs = Math.round(performance.now() - ctx.startedAt);
    run.produced = true;
    run.usage = parsed.usage;
    run.finishReason = parsed.choices[0]?.finishReason ?? null;
    sink.batch(() => {
      for (const c of parsed.choices) {
        run.generated += (c.message.content ?? '') + (c.message.reasoning_content ?? '');
        const delta = { role: 'assistant' as const, content: c.message.content, ...(c.message.reasoning_content ? { reasoning_content: c.message.reasoning_content } : {}), ...(c.message.tool_calls ? { tool_calls: c.message.tool_calls } : {}) };
        sink.writeData(JSON.stringify({ ...base, choices: [{ index: c.index, delta, logprobs: null, finish_reason: c.finishReason }], ...(includeUsage ? { usage: null } : {}) }));
        if (c.finishReason === 'content_filter') this.reportRefusal(ctx, request, channel, 'output', null);
      }
      if (includeUsage) sink.writeData(JSON.stringify({ ...base, choices: [], usage: toOpenAiUsage(this.usageOrEstimate(run).usage) }));
      sink.writeData('[DONE]');
      sink.end();
    });
    return { type: 'completed' };
  }

  private endStreamWithFailure(
    failure: UpstreamFailure, sink: ClientSink, run: RunState, chunk: (c: ChunkChoiceOut[]) => ChatCompletionChunkOut,
    ctx: RequestContext, request: ChatRequest, channel: Channel,
  ): void {
    if (failure.kind === 'refusal') {
      // An output-side filter mid-stream is OpenAI's content_filter finish, not an error.
      run.finishReason = 'content_filter';
      this.reportRefusal(ctx, request, channel, 'output', failure.upstreamCode ?? null);
      sink.writeData(JSON.stringify(chunk([{ index: 0, delta: {}, logprobs: null, finish_reason: 'content_filter' }])));
      return;
    }
    const error = failureToError(failure, request.model, this.router.retryAfterSeconds);
    run.errorCode = error.code;
    sink.writeData(JSON.stringify({ error: { message: error.message, type: error.type, param: null, code: error.code } }));
  }

  /** Records what a failed attempt means; returns it when another route may be tried. */
  private async handleFailure(failure: UpstreamFailure, ctx: RequestContext, request: ChatRequest, channel: Channel): Promise<UpstreamFailure> {
    if (failure.kind === 'refusal') this.reportRefusal(ctx, request, channel, 'input', failure.upstreamCode ?? null);
    if (!isRouteFailure(failure.kind)) throw failureToError(failure, request.model, this.router.retryAfterSeconds);
    this.logger.warn(`route ${channel.id} failed (${failure.kind}${failure.upstreamStatus ? `, HTTP ${failure.upstreamStatus}` : ''}) for ${ctx.requestId}`);
    await this.router.coolDown(channel, failure.kind);
    return failure;
  }

  private clientClosed(run: RunState, sink: ClientSink): void {
    sink.abandon();
    run.status = 499;
    run.errorCode = 'client_closed';
  }

  private reportRefusal(ctx: RequestContext, request: ChatRequest, channel: Channel, stage: RefusalStage, upstreamCode: string | null): void {
    this.abuse
      .reportRefusal({
        requestId: ctx.requestId, accountId: ctx.auth.accountId, apiKeyId: ctx.auth.keyId, model: request.model,
        provider: channel.provider, stage, upstreamCode,
      })
      .catch((err: unknown) => this.logger.error(`could not report a refusal: ${err instanceof Error ? err.name : 'error'}`));
  }

  private usageOrEstimate(run: RunState): { usage: TokenUsage; source: UsageSource } {
    if (run.usage) return { usage: run.usage, source: 'upstream' };
    if (!run.produced && run.generated.length === 0) {
      return { usage: { inputTokens: 0, cachedTokens: 0, outputTokens: 0, reasoningTokens: 0 }, source: 'none' };
    }
    // Counted once: the usage chunk and the metadata row must agree, and tokenising is not free.
    run.estimate ??= { inputTokens: run.promptEstimate, cachedTokens: 0, outputTokens: this.estimator.count(run.generated), reasoningTokens: 0 };
    return { usage: run.estimate, source: 'estimated' };
  }

  /** Records the request's row; never throws, so a metering problem cannot fail an answered request. */
  private meter(request: ChatRequest, ctx: RequestContext, price: ModelPrice, run: RunState): void {
    try {
      this.writeMeter(request, ctx, price, run);
    } catch (err) {
      this.logger.error(`could not meter ${ctx.requestId}: ${err instanceof Error ? err.name : 'error'}`);
    }
  }

  private writeMeter(request: ChatRequest, ctx: RequestContext, price: ModelPrice, run: RunState): void {
    const { usage, source } = this.usageOrEstimate(run);
    run.generated = '';
    // Failed requests cost nothing; an answer cut short by the caller pays for what was generated.
    const billable = run.status === 200 || run.status === 499;
    const cost = billable ? costMicros(usage, price) : 0;
    if (run.held) {
      this.credits
        .settle(ctx.auth.accountId, ctx.requestId, cost, request.model, price)
        .catch((err: unknown) => this.logger.error(`could not settle ${ctx.requestId}: ${err instanceof Error ? err.name : 'error'}`));
    }
    const row = Object.assign(new RequestLogEntity(), {
      id: ctx.requestId,
      createdAt: this.clock.now(),
      accountId: ctx.auth.accountId,
      apiKeyId: ctx.auth.keyId,
      model: request.model,
      provider: run.channel?.provider ?? null,
      route: run.channel?.id ?? null,
      attempts: run.attempts,
      stream: request.stream === true,
      status: run.status,
      errorCode: run.errorCode,
      // Upstream-chosen text, cut to its column so one odd value cannot fail a batch of rows.
      finishReason: run.finishReason ? run.finishReason.slice(0, 32) : null,
      inputTokens: usage.inputTokens,
      cachedTokens: usage.cachedTokens,
      outputTokens: usage.outputTokens,
      reasoningTokens: usage.reasoningTokens,
      usageSource: source,
      latencyMs: Math.round(performance.now() - ctx.startedAt),
      ttfbMs: run.ttfbMs,
      clientIp: ctx.clientIp,
      costMicros: cost,
      priceInputMicros: price.input,
      priceCachedMicros: price.cachedInput,
      priceOutputMicros: price.output,
      catalogVersion: this.catalog.catalog.version,
    });
    this.metering.record(row);
  }

  private unixNow(): number {
    return Math.floor(this.clock.nowMs() / 1000);
  }
}

function withOutputCap(request: ChatRequest, cap: number): ChatRequest {
  return request.max_completion_tokens != null ? { ...request, max_completion_tokens: cap } : { ...request, max_tokens: cap };
}

function checkOutputCap(request: ChatRequest, model: CatalogModel): void {
  for (const param of ['max_completion_tokens', 'max_tokens'] as const) {
    const value = request[param];
    if (value != null && value > model.maxOutputTokens) throw new MaxTokensTooLargeError(param, value, model.maxOutputTokens);
  }
}

function isEventStream(res: UpstreamResponse): boolean {
  const type = res.headers['content-type'];
  return (Array.isArray(type) ? type.join(',') : (type ?? '')).includes('text/event-stream');
}

function completionId(ctx: RequestContext): string {
  return `chatcmpl-${ctx.requestId.replace(/^req_/, '')}`;
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

function transportFailure(err: unknown): UpstreamFailure {
  const name = err instanceof Error ? err.name : 'Error';
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : undefined;
  const timeout = code === 'UND_ERR_CONNECT_TIMEOUT' || code === 'UND_ERR_HEADERS_TIMEOUT' || code === 'UND_ERR_BODY_TIMEOUT';
  return { kind: timeout ? 'timeout' : 'network', message: `Could not reach the upstream (${code ?? name}).`, upstreamCode: code };
}

function toOpenAiUsage(u: TokenUsage): OpenAiUsage {
  return {
    prompt_tokens: u.inputTokens,
    completion_tokens: u.outputTokens,
    total_tokens: u.inputTokens + u.outputTokens,
    prompt_tokens_details: { cached_tokens: u.cachedTokens },
    completion_tokens_details: { reasoning_tokens: u.reasoningTokens },
  };
}
