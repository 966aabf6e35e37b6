import { Injectable, Logger } from '@nestjs/common';
import { createParser } from 'eventsource-parser';
import { AbuseSignalsService, RefusalStage } from '@vipcloud/abuse';
import { assertModelAllowed } from '@vipcloud/accounts';
import { CreditsService } from '@vipcloud/billing';
import { RateLimitsService, RateLimitTicket } from '@vipcloud/rate-limits';
import { AppError, Clock } from '@vipcloud/platform';
import { Channel, ModelCatalogService } from '../catalog/model-catalog.service';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import type { CatalogModel, ModelPrice } from '../catalog/model-catalog.schema';
import {
  failureToError,
  MaxTokensTooLargeError,
  ModelNotFoundError,
  NoRouteAvailableError,
  ServerShuttingDownError,
} from '../gateway.errors';
import { MeteringService } from '../metering/metering.service';
import { TokenEstimator } from '../metering/token-estimator';
import { ModelPricesService } from '../prices/model-prices.service';
import { adapterFor } from '../providers/provider-adapter.registry';
import type {
  ParsedChoice,
  ProviderAdapter,
  StreamEvent,
  TokenUsage,
  UpstreamFailure,
} from '../providers/provider-adapter';
import { isRouteFailure, RouteSelector } from '../routing/route-selector';
import { UpstreamClient, UpstreamResponse } from '../upstream/upstream-client';
import { Attempt, AttemptOutcome, isTransportError, runAttempts, transportFailure } from './attempt-loop.runner';
import type { ChatRequest } from './chat-request.schema';
import { ClientSink } from './client-sink';
import { OpenAiResponseWriter } from './openai-response.writer';
import { RequestContext, RequestRun } from './request-run.state';

export type { RequestContext } from './request-run.state';

/** One request's parts that every attempt shares. */
interface Call {
  request: ChatRequest;
  ctx: RequestContext;
  sink: ClientSink;
  run: RequestRun;
  out: OpenAiResponseWriter;
}

/** What one attempt sends: built and serialised before anything goes out. */
interface Prepared {
  adapter: ProviderAdapter;
  body: string;
}

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
    private readonly limits: RateLimitsService,
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
    const run = new RequestRun(ctx, request.model, request.stream === true, this.estimator);
    let ticket: RateLimitTicket | null = null;
    try {
      const channels = await this.router.order(resolved.channels);
      if (channels.length === 0)
        throw new NoRouteAvailableError(request.model, await this.router.retryAfterSecondsFor(resolved.channels));
      // Reserve the most this request can cost before anything goes upstream.
      const askedCap = request.max_completion_tokens ?? request.max_tokens ?? null;
      // A bound from the prompt's bytes: no tokeniser before the first byte (settlement bills the real usage).
      const prompt = this.estimator.boundPrompt(request, resolved.model.contextWindow);
      run.prompt = request;
      const maxOutputTokens = askedCap ?? resolved.model.defaultMaxOutputTokens ?? resolved.model.maxOutputTokens;
      const choices = request.n ?? 1;
      // The rate limits count the same estimate as the hold, corrected to the real usage at the end.
      ticket = await this.limits.admit({
        requestId: ctx.requestId,
        model: request.model,
        keyId: ctx.auth.keyId,
        accountId: ctx.auth.accountId,
        tokens: prompt.bound + maxOutputTokens * choices,
        stream: request.stream === true,
      });
      sink.setHeaders(ticket.headers);
      const hold = await this.credits.reserve({
        accountId: ctx.auth.accountId,
        requestId: ctx.requestId,
        promptTokens: prompt.bound,
        maxOutputTokens,
        choices,
        price,
      });
      run.held = hold.amountMicros > 0;
      // The balance covers fewer tokens than asked: send the affordable cap upstream.
      if (hold.outputCap !== null) request = withOutputCap(request, hold.outputCap);
      const out = new OpenAiResponseWriter(sink, {
        id: `chatcmpl-${ctx.requestId.replace(/^req_/, '')}`,
        created: Math.floor(this.clock.nowMs() / 1000),
        model: request.model,
        includeUsage: request.stream_options?.include_usage === true,
      });
      const call: Call = { request, ctx, sink, run, out };
      const attempt: Attempt<Prepared> = {
        prepare: (channel) => prepare(call.request, channel),
        send: request.stream
          ? (prepared, channel, abort) => this.streamAttempt(call, channel, prepared, abort)
          : (prepared, channel, abort) => this.wholeAttempt(call, channel, prepared, abort),
      };
      const failure = await runAttempts(channels, sink, run, attempt, (f, channel) =>
        this.afterFailure(call, f, channel),
      );
      if (failure) throw await this.toFinalError(failure, request, resolved.channels);
    } catch (err) {
      // Refused before anything went upstream (credits): the request counts for nothing.
      if (ticket && !run.held && run.attempts === 0) this.limits.giveBack(ticket);
      if (err instanceof AppError) run.failed(err.status, err.code);
      else run.failed(500, 'internal_error');
      throw err;
    } finally {
      run.ended();
      // The answer is out: an estimate that needs the tokeniser loads it here, on no caller's time.
      if (run.needsEstimate) await run.prepareEstimate();
      this.meter(ctx, request.model, price, run, ticket);
    }
  }

  /** A caller who did not ask for a stream: one upstream body, one JSON answer. */
  private async wholeAttempt(
    call: Call,
    channel: Channel,
    { adapter, body }: Prepared,
    abort: AbortController,
  ): Promise<AttemptOutcome> {
    const timing = call.ctx.timing;
    timing?.upstreamStarted();
    const res = await this.upstream.chatCompletions(channel, body, false, abort.signal);
    const text = await this.readBody(res, abort);
    timing?.upstreamEnded();
    const parsed = parseBody(text);
    const outcome =
      res.statusCode >= 400
        ? { ok: false as const, failure: adapter.classifyError(res.statusCode, parsed) }
        : adapter.parseCompletion(parsed);
    if (!outcome.ok) return { type: 'failed', failure: outcome.failure };
    this.recordWhole(call, channel, outcome.choices, outcome.usage);
    // The body carries the usage: one the upstream did not report is estimated (rare; see TokenEstimator).
    if (call.run.needsEstimate) await call.run.prepareEstimate();
    call.out.completion(outcome.choices, call.run.usageOrEstimate().usage);
    return { type: 'completed' };
  }

  /** A caller who asked for a stream: relayed as it arrives, or replayed if the upstream answered whole. */
  private async streamAttempt(
    call: Call,
    channel: Channel,
    { adapter, body }: Prepared,
    abort: AbortController,
  ): Promise<AttemptOutcome> {
    const timing = call.ctx.timing;
    // For a stream the upstream's part ends at its first chunk (see relay): the headers leave with ours.
    timing?.upstreamStarted();
    const res = await this.upstream.chatCompletions(channel, body, true, abort.signal);
    if (res.statusCode >= 400) {
      timing?.upstreamEnded();
      return {
        type: 'failed',
        failure: adapter.classifyError(res.statusCode, parseBody(await this.readBody(res, abort))),
      };
    }
    if (isEventStream(res)) return this.relay(call, channel, res, adapter, abort);
    // A 2xx that is not a stream: MiniMax's HTTP-200 errors (base_resp), or an upstream that
    // ignored stream:true and answered in one piece.
    const text = await this.readBody(res, abort);
    timing?.upstreamEnded();
    const parsed = adapter.parseCompletion(parseBody(text));
    if (!parsed.ok) return { type: 'failed', failure: parsed.failure };
    call.sink.startStream();
    this.recordWhole(call, channel, parsed.choices, parsed.usage);
    if (call.run.needsEstimate && wantsUsage(call.request)) await call.run.prepareEstimate();
    call.sink.batch(() => {
      call.out.replay(parsed.choices);
      this.endStream(call, channel, null);
    });
    return { type: 'completed' };
  }

  /** What a whole answer tells the run, whichever form the caller gets it in. */
  private recordWhole(call: Call, channel: Channel, choices: ParsedChoice[], usage: TokenUsage | null): void {
    const { run } = call;
    run.firstByte();
    run.produced = true;
    run.usage = usage;
    run.finishReason = choices[0]?.finishReason ?? null;
    for (const c of choices) {
      run.addGenerated(c.message);
      if (c.finishReason === 'content_filter') this.reportRefusal(call, channel, 'output', null);
    }
  }

  /**
   * Forwards one upstream stream to the caller, chunk by chunk as it arrives. Returns a failure
   * only if nothing was sent yet, so the caller can try another route.
   */
  private async relay(
    call: Call,
    channel: Channel,
    res: UpstreamResponse,
    adapter: ProviderAdapter,
    abort: AbortController,
  ): Promise<AttemptOutcome> {
    const { sink, run, out } = call;
    const decoder = adapter.createStreamDecoder();
    let failure: UpstreamFailure | null = null;
    let done = false;
    let timedOut = false;

    const handle = (events: StreamEvent[]): void => {
      for (const ev of events) {
        if (failure || done) return;
        if (ev.type === 'usage') run.usage = ev.usage;
        else if (ev.type === 'failure') failure = ev.failure;
        else if (ev.type === 'done') done = true;
        else {
          if (!sink.started) {
            call.ctx.timing?.upstreamEnded();
            sink.startStream();
            run.firstByte();
          }
          run.produced = true;
          for (const c of ev.choices) {
            run.addGenerated(c.delta);
            if (c.finishReason) run.finishReason = c.finishReason;
            if (c.finishReason === 'content_filter') this.reportRefusal(call, channel, 'output', null);
          }
          out.deltas(ev.choices);
        }
      }
    };

    let idle: NodeJS.Timeout | undefined;
    let progress = 0;
    const armIdle = (): void => {
      clearTimeout(idle);
      idle = setTimeout(() => {
        // Timers run before pending I/O in an event-loop turn: after a stall of our own (a busy or
        // starved process), bytes that arrived in time may still sit unread. Give them one turn
        // (setImmediate runs after the poll phase) before calling the upstream stalled.
        const seen = progress;
        setImmediate(() => {
          if (progress !== seen || done || failure) return;
          timedOut = true;
          abort.abort();
        });
      }, this.config.upstreamIdleTimeoutMs);
    };
    // Only data events count as progress; keep-alive comments do not re-arm the timer.
    const parser = createParser({
      onEvent: (e) => {
        progress++;
        armIdle();
        handle(decoder.decode(e.data));
      },
    });
    armIdle();
    // This instance's shutdown deadline: a stream that has started ends with an error event its client's SDK
    // reports (rather than a connection cut mid-answer), and is billed for what was sent. One that has not
    // started is left to the drain, which closes its connection: a request that got no answer is retried.
    let cutAtDeadline = false;
    const stopWatchingDeadline = sink.onShutdownDeadline(() => {
      if (!sink.started || failure || done) return;
      cutAtDeadline = true;
      abort.abort();
    });
    const text = new TextDecoder();
    try {
      for await (const bytes of res.body) {
        sink.batch(() => parser.feed(text.decode(bytes as Buffer, { stream: true })));
        if (failure || done) break;
        // Backpressure: a caller who reads slowly stops us reading the upstream (its TCP window then
        // stops the upstream), so we hold at most the socket's buffer and one upstream read per request.
        if (sink.needsDrain) {
          // The idle timer is paused while we wait: the upstream cannot progress while we do not read,
          // and a slow reader is not an upstream stall. A caller who takes nothing for
          // STREAM_STALL_TIMEOUT_MS is cut off, and one who leaves ends the wait ('close').
          clearTimeout(idle);
          await sink.drained(this.config.streamStallTimeoutMs);
          if (sink.closed) return { type: 'client_closed' };
          armIdle();
        }
      }
      if (!failure && !done) {
        parser.feed(text.decode());
        parser.reset({ consume: true });
        handle(decoder.flush());
      }
    } catch (err) {
      if (sink.closed) return { type: 'client_closed' };
      if (cutAtDeadline) {
        sink.batch(() => this.endCutStream(call));
        return { type: 'completed' };
      }
      // Our own bug (in a decoder, in the writer) is no route's failure: before the first byte it
      // becomes the caller's 500; after it, the stream ends with an error event like any other.
      if (!sink.started && !isTransportError(err)) throw err;
      // The answer was complete (finish_reason seen): a connection lost before [DONE] takes nothing away.
      if (run.finishReason === null || timedOut) {
        failure = timedOut ? { kind: 'timeout', message: 'The upstream stopped sending data.' } : transportFailure(err);
      }
    } finally {
      clearTimeout(idle);
      stopWatchingDeadline();
      if (!res.body.destroyed) res.body.destroy();
    }
    if (!failure && ((!done && run.finishReason === null) || !run.produced)) {
      failure = { kind: 'server', message: 'The upstream stream ended before the answer was complete.' };
    }
    if (failure && !sink.started) return { type: 'failed', failure };
    const ended = failure as UpstreamFailure | null;
    // Only a caller who asked for the usage chunk waits for an estimate; the row's is counted after the end.
    if (run.needsEstimate && wantsUsage(call.request) && (ended === null || ended.kind === 'refusal')) {
      await run.prepareEstimate();
    }
    sink.batch(() => this.endStream(call, channel, ended));
    return { type: 'completed' };
  }

  /**
   * Ends a started stream: normally (usage chunk if asked, [DONE]), on the output filter (a content_filter
   * finish, then the same), or on a failure (an error event, no [DONE]).
   */
  private endStream(call: Call, channel: Channel, failure: UpstreamFailure | null): void {
    const { run, out } = call;
    if (failure?.kind === 'refusal') {
      run.finishReason = 'content_filter';
      this.reportRefusal(call, channel, 'output', failure.upstreamCode ?? null);
      out.contentFilterFinish();
    } else if (failure) {
      const error = this.toError(failure, call.request);
      run.errorCode = error.code;
      out.error(error);
    }
    if (!failure || failure.kind === 'refusal') {
      out.usage(() => run.usageOrEstimate().usage);
      out.done();
    }
    call.sink.end();
  }

  /** Ends a started stream cut by this instance's shutdown: an error event, no [DONE]; the row keeps the code. */
  private endCutStream(call: Call): void {
    const error = new ServerShuttingDownError();
    call.run.errorCode = error.code;
    call.out.error(error);
    call.sink.end();
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

  /** Records what a failed attempt means; throws when no other route may be tried. */
  private async afterFailure(call: Call, failure: UpstreamFailure, channel: Channel): Promise<void> {
    if (failure.kind === 'refusal') this.reportRefusal(call, channel, 'input', failure.upstreamCode ?? null);
    if (!isRouteFailure(failure.kind)) throw this.toError(failure, call.request);
    const status = failure.upstreamStatus ? `, HTTP ${failure.upstreamStatus}` : '';
    this.logger.warn(`route ${channel.id} failed (${failure.kind}${status}) for ${call.ctx.requestId}`);
    await this.router.coolDown(channel, failure.kind);
  }

  private toError(failure: UpstreamFailure, request: ChatRequest): AppError {
    return failureToError(failure, request.model, this.router.retryAfterSeconds);
  }

  /** The last attempt's failure: a 503's Retry-After is the time until the first of the model's routes is back. */
  private async toFinalError(
    failure: UpstreamFailure,
    request: ChatRequest,
    channels: readonly Channel[],
  ): Promise<AppError> {
    const retryAfter =
      failure.kind === 'rate_limit' || failure.kind === 'overloaded'
        ? await this.router.retryAfterSecondsFor(channels)
        : this.router.retryAfterSeconds;
    return failureToError(failure, request.model, retryAfter);
  }

  private reportRefusal(call: Call, channel: Channel, stage: RefusalStage, upstreamCode: string | null): void {
    const { ctx, request } = call;
    this.abuse
      .reportRefusal({
        requestId: ctx.requestId,
        accountId: ctx.auth.accountId,
        apiKeyId: ctx.auth.keyId,
        model: request.model,
        provider: channel.provider,
        stage,
        upstreamCode,
      })
      .catch((err: unknown) =>
        this.logger.error(`could not report a refusal: ${err instanceof Error ? err.name : 'error'}`),
      );
  }

  /** Settles the hold and records the request's row; never throws, so metering cannot fail an answered request. */
  private meter(
    ctx: RequestContext,
    model: string,
    price: ModelPrice,
    run: RequestRun,
    ticket: RateLimitTicket | null,
  ): void {
    try {
      const row = run.logRow(price, this.clock.now(), this.catalog.catalog.version);
      if (ticket) this.limits.settle(ticket, row.inputTokens + row.outputTokens);
      if (run.held) {
        // Not awaited: the answer is already delivered. A database that refuses the settlement does
        // not lose it (settle keeps it in the outbox and retries); this rejects only if even the outbox
        // failed, and the in-process retry still runs.
        this.credits
          .settle(ctx.auth.accountId, ctx.requestId, row.costMicros, model, price)
          .catch((err: unknown) =>
            this.logger.error(
              `could not keep the settlement of ${ctx.requestId}: ${err instanceof Error ? err.name : 'error'}`,
            ),
          );
      }
      this.metering.record(row);
    } catch (err) {
      this.logger.error(`could not meter ${ctx.requestId}: ${err instanceof Error ? err.name : 'error'}`);
    }
  }
}

/**
 * The upstream body for one channel, serialised here so that an adapter's error or a body that cannot
 * be serialised (nested too deep) fails the request as the gateway's own error, never as the route's.
 */
function prepare(request: ChatRequest, channel: Channel): Prepared {
  const adapter = adapterFor(channel.provider);
  const body = adapter.buildRequest(request, { upstreamModel: channel.upstreamModel, stream: request.stream === true });
  return { adapter, body: JSON.stringify(body) };
}

function withOutputCap(request: ChatRequest, cap: number): ChatRequest {
  return request.max_completion_tokens != null
    ? { ...request, max_completion_tokens: cap }
    : { ...request, max_tokens: cap };
}

function checkOutputCap(request: ChatRequest, model: CatalogModel): void {
  for (const param of ['max_completion_tokens', 'max_tokens'] as const) {
    const value = request[param];
    if (value != null && value > model.maxOutputTokens)
      throw new MaxTokensTooLargeError(param, value, model.maxOutputTokens);
  }
}

function wantsUsage(request: ChatRequest): boolean {
  return request.stream_options?.include_usage === true;
}

function isEventStream(res: UpstreamResponse): boolean {
  const type = res.headers['content-type'];
  return (Array.isArray(type) ? type.join(',') : (type ?? '')).includes('text/event-stream');
}

function parseBody(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
