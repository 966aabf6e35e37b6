import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { AppError, Clock } from '@vipcloud/platform';
import { BillingConfig, InjectBillingConfig } from '../billing.config';
import { LowBalanceService } from '../alerts/low-balance.service';
import { costMicros, Price } from '../cost';
import { LedgerRepository } from '../ledger/ledger.repository';
import { formatAmount } from '../money';
import { PendingSettlement, SettlementOutbox } from './settlement-outbox.store';

/** The first retry of a settlement the database refused, doubled each time up to the maximum. */
const RETRY_BASE_MS = 250;
const RETRY_MAX_MS = 10_000;

/** Below this many output tokens a clamped request is not worth sending: answer 402 instead. */
export const MIN_OUTPUT_TOKENS = 16;

export class InsufficientCreditsError extends AppError {
  constructor(neededMicros: number, availableMicros: number) {
    super({
      status: 402,
      type: 'insufficient_quota',
      code: 'insufficient_quota',
      message: `This request needs up to ${formatAmount(neededMicros)} USD in credits; the account has ${formatAmount(Math.max(availableMicros, 0))} USD available. Buy credits in the VIPCloud portal.`,
    });
  }
}

/** A refund or chargeback took the balance below zero: keys stop until it is settled. */
export class AccountInArrearsError extends AppError {
  constructor(balanceMicros: number) {
    super({
      status: 402,
      type: 'insufficient_quota',
      code: 'insufficient_quota',
      message: `The account's balance is ${formatAmount(balanceMicros)} USD after a refund or chargeback; its API keys are paused until the balance is brought back to zero or more. Buy credits in the VIPCloud portal.`,
    });
  }
}

/** The price a request was billed at, kept on its ledger entry: micro-USD per 1M tokens. */
export function priceSnapshot(model: string, price: Price): string {
  return `${model} input=${price.input} cached=${price.cachedInput} output=${price.output}`.slice(0, 200);
}

export interface HoldRequest {
  accountId: string;
  requestId: string;
  promptTokens: number;
  /** The output cap of one choice. */
  maxOutputTokens: number;
  /** How many choices the request asks for (`n`): each may generate up to the cap. Default 1. */
  choices?: number;
  price: Price;
}

export interface Hold {
  amountMicros: number;
  /** Set when the balance covers fewer output tokens than asked: the cap to send upstream. */
  outputCap: number | null;
}

/**
 * Credits on the request path: reserve the most a request can cost before it is forwarded, settle
 * exactly once after it ends (debit the actual cost, release the rest).
 */
@Injectable()
export class CreditsService implements OnModuleDestroy {
  private readonly logger = new Logger('Credits');

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
    @InjectBillingConfig() private readonly config: BillingConfig,
    private readonly alerts: LowBalanceService,
    private readonly outbox: SettlementOutbox,
  ) {}

  async reserve(r: HoldRequest): Promise<Hold> {
    const choices = Math.max(1, Math.floor(r.choices ?? 1));
    const holdFor = (outputCap: number): number =>
      costMicros({ inputTokens: r.promptTokens, cachedTokens: 0, outputTokens: outputCap * choices }, r.price);
    const full = holdFor(r.maxOutputTokens);
    if (full === 0) {
      // Free models reserve nothing, but an account in arrears is stopped for them too.
      const { balance } = await this.ledger.available(r.accountId);
      if (balance < 0) throw new AccountInArrearsError(balance);
      return { amountMicros: 0, outputCap: null };
    }
    const now = this.clock.now();
    if (await this.ledger.reserve(r.accountId, r.requestId, full, now)) return { amountMicros: full, outputCap: null };
    // Not enough for the whole cap: offer the largest output the available balance pays for.
    const { balance, held } = await this.ledger.available(r.accountId);
    if (balance < 0) throw new AccountInArrearsError(balance);
    const available = balance - held;
    if (r.price.output > 0) {
      const forOutput = BigInt(available) * 1_000_000n - BigInt(r.promptTokens) * BigInt(r.price.input);
      // The affordable output is shared by every choice: the cap sent upstream is per choice.
      const affordable = forOutput > 0n ? Number(forOutput / BigInt(r.price.output) / BigInt(choices)) : 0;
      const cap = Math.min(affordable, r.maxOutputTokens - 1);
      if (cap >= MIN_OUTPUT_TOKENS) {
        const amount = holdFor(cap);
        if (await this.ledger.reserve(r.accountId, r.requestId, amount, now))
          return { amountMicros: amount, outputCap: cap };
      }
    }
    throw new InsufficientCreditsError(full, available);
  }

  /**
   * Debits the request's actual cost (0 for failures and refusals) and releases its hold, once:
   * the usage entry's reference is the request id. When the database refuses, the settlement goes
   * to the outbox and is retried until it lands (here, with backoff; and by the drain job on any
   * instance if this one dies): an answered request is never left unbilled by a blip. Rejects only
   * if the settlement could neither be written nor kept.
   */
  async settle(accountId: string, requestId: string, costMicros: number, model: string, price: Price): Promise<void> {
    const s: PendingSettlement = { requestId, accountId, costMicros, model, price, endedAtMs: this.clock.nowMs() };
    try {
      await this.apply(s);
    } catch (err) {
      this.logger.error(`could not settle ${requestId} (${errorName(err)}): kept in the outbox, retried`);
      // Kept here first: the retry loop and the sweep see it even if the outbox cannot be written either.
      this.pending.set(requestId, s);
      this.retryLater(requestId, 0);
      await this.outbox.add(s);
    }
  }

  /**
   * Applies one settlement. Exactly once per request id: a retry after a commit whose
   * acknowledgement was lost finds the `usage:<requestId>` entry and changes nothing.
   */
  private async apply(s: PendingSettlement): Promise<void> {
    const now = this.clock.now();
    const usage =
      s.costMicros > 0
        ? {
            id: randomUUID(),
            accountId: s.accountId,
            kind: 'usage' as const,
            amountMicros: -s.costMicros,
            reference: `usage:${s.requestId}`,
            fingerprint: s.requestId,
            reason: `API request ${s.requestId} (${s.model})`.slice(0, 500),
            actor: 'system',
            createdAt: now,
            priceSnapshot: priceSnapshot(s.model, s.price),
          }
        : null;
    const result = await this.ledger.settle(s.requestId, s.accountId, usage, now);
    // The charge is in: an alert that fails must not make the settlement be retried.
    if (result && !result.replayed)
      await this.alerts
        .observe(result.entry)
        .catch((err: unknown) => this.logger.error(`low-balance check failed: ${errorName(err)}`));
  }

  /** Settlements of this instance waiting for their next attempt, by request id. */
  private readonly pending = new Map<string, PendingSettlement>();
  private readonly timers = new Map<string, NodeJS.Timeout>();

  private retryLater(requestId: string, attempt: number): void {
    if (this.closed || this.timers.has(requestId)) return;
    const backoff = Math.min(RETRY_BASE_MS * 2 ** attempt, RETRY_MAX_MS);
    const timer = setTimeout(
      () => {
        this.timers.delete(requestId);
        void this.retry(requestId, attempt + 1);
      },
      backoff + Math.floor(Math.random() * RETRY_BASE_MS),
    );
    // A pending retry must not keep a stopping process alive: the outbox keeps the settlement.
    timer.unref();
    this.timers.set(requestId, timer);
  }

  private async retry(requestId: string, attempt: number): Promise<void> {
    const s = this.pending.get(requestId);
    if (!s) return;
    try {
      await this.apply(s);
    } catch {
      this.retryLater(requestId, attempt);
      return;
    }
    this.pending.delete(requestId);
    this.logger.log(`settled ${requestId} after ${attempt} retr${attempt === 1 ? 'y' : 'ies'}`);
    await this.outbox
      .remove(requestId)
      .catch((err: unknown) => this.logger.error(`could not clear ${requestId} from the outbox: ${errorName(err)}`));
  }

  /**
   * Applies every settlement in the outbox (the drain job: on any instance, so a dead instance's
   * are charged too); stops at the first failure, the database being likely still away. Returns
   * how many landed.
   */
  async drainOutbox(): Promise<number> {
    let landed = 0;
    for (const s of (await this.outbox.all()).values()) {
      await this.apply(s);
      this.pending.delete(s.requestId);
      await this.outbox.remove(s.requestId);
      landed++;
    }
    return landed;
  }

  /**
   * Releases holds whose request never settled (its instance crashed); returns how many. A stale
   * hold whose request ended with a known cost (in the outbox) is settled with that cost instead:
   * if the outbox cannot be read, nothing is released.
   */
  async releaseStaleHolds(): Promise<number> {
    const stale = await this.ledger.staleHolds(new Date(this.clock.nowMs() - this.config.holdTtlMs));
    if (stale.length === 0) return 0;
    const known = await this.outbox.all();
    let released = 0;
    for (const hold of stale) {
      const s = this.pending.get(hold.requestId) ?? known.get(hold.requestId);
      if (s) {
        await this.apply(s);
        this.pending.delete(s.requestId);
        await this.outbox.remove(s.requestId);
        this.logger.warn(`settled the stale hold of ${hold.requestId} from the settlement outbox`);
        continue;
      }
      await this.ledger.settle(hold.requestId, hold.accountId, null, this.clock.now());
      this.logger.warn(`released the stale hold of ${hold.requestId}`);
      released++;
    }
    return released;
  }

  private closed = false;

  onModuleDestroy(): void {
    this.closed = true;
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
  }
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'error';
}
