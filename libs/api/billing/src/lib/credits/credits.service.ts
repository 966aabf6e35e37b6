import { BeforeApplicationShutdown, Injectable, Logger, OnApplicationShutdown, OnModuleDestroy } from '@nestjs/common';
import { AppConfig, AppError, Clock } from '@vipcloud/platform';
import { BillingConfig, InjectBillingConfig } from '../billing.config';
import { LowBalanceService } from '../alerts/low-balance.service';
import { costMicros, Price } from '../cost';
import { LedgerEntryEntity } from '../entities/ledger-entry.entity';
import { BatchOutcome, BatchSettlement, LeaseGrowth, LedgerRepository } from '../ledger/ledger.repository';
import { formatAmount } from '../money';
import { CreditLeaseBook, leaseChunk } from './credit-lease.book';
import { PendingSettlement, SettlementOutbox } from './settlement-outbox.store';

export { priceSnapshot } from '../ledger/usage-aggregate';

/** The first retry of a batch the database refused, doubled each time up to the maximum. */
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

/** A settlement waiting for its batch. */
interface Queued {
  s: PendingSettlement;
  leaseId: string | null;
  /** The outbox write, issued when the request ended. */
  kept: Promise<void>;
  /** The caller has been answered (committed, or kept in the outbox after a failed batch). */
  answered: boolean;
  resolve: () => void;
  reject: (err: unknown) => void;
}

/**
 * Credits on the request path. Admission is decided in memory against this instance's lease on
 * the account (CreditLeaseBook): a database row is touched only when the lease must grow, shrink
 * or be renewed, never per request in the steady state. A request's settlement is kept in the
 * durable outbox at once and committed with others in one transaction (group commit), exactly
 * once per request id, into the hour's usage aggregate.
 */
@Injectable()
export class CreditsService implements OnModuleDestroy, BeforeApplicationShutdown, OnApplicationShutdown {
  private readonly logger = new Logger('Credits');
  private readonly book = new CreditLeaseBook();
  /** Other instances may lease the same accounts (a shared MySQL database): leases stay modest. */
  private readonly shared: boolean;

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
    @InjectBillingConfig() private readonly config: BillingConfig,
    private readonly alerts: LowBalanceService,
    private readonly outbox: SettlementOutbox,
    app: AppConfig,
  ) {
    this.shared = Boolean(app.databaseUrl);
    // A purchase, refund or chargeback in this process: check the account before its next request.
    ledger.onBalanceChange((accountId) => {
      const lease = this.book.find(accountId);
      if (lease) lease.suspect = true;
    });
  }

  /** This process's instance id: its leases are `lease:<instanceId>:<accountId>`. */
  get instanceId(): string {
    return this.book.instanceId;
  }

  /** What a request in flight holds of its account's lease (null once it ended, or if it held nothing). */
  holdOf(requestId: string): number | null {
    return this.book.holdOf(requestId);
  }

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
    if (this.book.find(r.accountId)?.suspect) await this.verify(r.accountId);
    const shortOf = await this.holdFromLease(r.accountId, r.requestId, full);
    if (!shortOf) return { amountMicros: full, outputCap: null };
    // Not enough for the whole cap: offer the largest output that what the account has (the
    // lease's free part and what the database still has, read just now) pays for.
    if (shortOf.balance < 0) {
      this.book.lease(r.accountId).suspect = true;
      void this.giveBack(r.accountId);
      throw new AccountInArrearsError(shortOf.balance);
    }
    const available = Math.max(0, this.book.free(r.accountId)) + shortOf.available;
    if (r.price.output > 0) {
      const forOutput = BigInt(available) * 1_000_000n - BigInt(r.promptTokens) * BigInt(r.price.input);
      // The affordable output is shared by every choice: the cap sent upstream is per choice.
      const affordable = forOutput > 0n ? Number(forOutput / BigInt(r.price.output) / BigInt(choices)) : 0;
      const cap = Math.min(affordable, r.maxOutputTokens - 1);
      if (cap >= MIN_OUTPUT_TOKENS) {
        const amount = holdFor(cap);
        if (!(await this.holdFromLease(r.accountId, r.requestId, amount)))
          return { amountMicros: amount, outputCap: cap };
      }
    }
    throw new InsufficientCreditsError(full, available);
  }

  /**
   * Holds `amount` against the lease, growing it as needed. Null when held; otherwise the account
   * as the database showed it (balance, and balance − held) when it could not cover the shortfall.
   */
  private async holdFromLease(accountId: string, requestId: string, amount: number): Promise<LeaseGrowth | null> {
    if (this.book.tryHold(accountId, requestId, amount, this.clock.nowMs())) return null;
    const lease = this.book.lease(accountId);
    lease.waiting += amount;
    try {
      // No cap on rounds: every round either holds, or follows a growth that granted something
      // (bounded by the balance), or ends in the 402 path below. A cap turned a burst of a thousand
      // requests on a well-funded account into 402s for those that waited longest.
      for (;;) {
        if (lease.growing) {
          // Another request of this account is growing the lease: one database call serves both.
          const shared = await lease.growing.catch(() => null);
          if (this.book.tryHold(accountId, requestId, amount, this.clock.nowMs())) return null;
          if (shared && shared.granted > 0) continue;
          // That growth got nothing: ask the database ourselves (it may have been sized for more).
        }
        if (lease.growing) continue;
        const free = this.book.free(accountId);
        const growth = await this.grow(accountId, amount - free, amount, lease.waiting - free);
        if (this.book.tryHold(accountId, requestId, amount, this.clock.nowMs())) return null;
        if (growth.granted === 0) return growth;
      }
    } finally {
      lease.waiting -= amount;
    }
  }

  private grow(accountId: string, shortfall: number, perRequest: number, demand = shortfall): Promise<LeaseGrowth> {
    this.startUpkeep();
    const lease = this.book.lease(accountId);
    const growth = this.ledger
      .growLease(
        accountId,
        lease.id,
        (available) => leaseChunk(shortfall, perRequest, available, this.shared, demand),
        this.clock.now(),
      )
      .then((g) => {
        this.book.granted(accountId, g.granted);
        return g;
      })
      .finally(() => {
        lease.growing = null;
      });
    lease.growing = growth;
    return growth;
  }

  /** Reads an account whose balance changed in this process (a refund, a chargeback) before trusting its lease. */
  private async verify(accountId: string): Promise<void> {
    const lease = this.book.lease(accountId);
    lease.suspect = false;
    const { balance, held } = await this.ledger.available(accountId);
    if (balance < 0) {
      // Every request reads again until the balance is brought back to zero or more.
      lease.suspect = true;
      void this.giveBack(accountId);
      throw new AccountInArrearsError(balance);
    }
    // A refund took credits the leases still hold: give back what this one need not keep.
    if (balance - held < 0) await this.giveBack(accountId, held - balance);
  }

  /**
   * A request ended: its hold returns to the lease and its cost (0 for failures and refusals) is
   * charged exactly once per request id. The settlement is written to the durable outbox at once
   * and committed with others in the next batch; resolves when committed, or when a batch failed
   * but the outbox keeps it (retried here with backoff, and by the drain job on any instance if
   * this one dies). Rejects only if the settlement could neither be committed nor kept.
   */
  settle(accountId: string, requestId: string, cost: number, model: string, price: Price): Promise<void> {
    const endedAtMs = this.clock.nowMs();
    const lease = this.book.finish(requestId, cost, endedAtMs);
    // Held in memory and nothing to charge: nothing to write either.
    if (lease && cost <= 0) return Promise.resolve();
    const s: PendingSettlement = { requestId, accountId, costMicros: Math.max(0, cost), model, price, endedAtMs };
    return new Promise<void>((resolve, reject) => {
      const kept = this.outbox.add(s);
      // Observed by the batch (or the caller); never an unhandled rejection on its own.
      kept.catch(() => undefined);
      const item: Queued = { s, leaseId: lease?.id ?? null, kept, answered: false, resolve, reject };
      this.queue.push(item);
      this.queued.set(requestId, item);
      this.schedule();
    });
  }

  /** Settlements waiting for their batch, in order, and by request id. */
  private queue: Queued[] = [];
  private readonly queued = new Map<string, Queued>();
  private batchTimer: NodeJS.Timeout | null = null;
  private running: Promise<Error | null> | null = null;
  private failures = 0;

  private schedule(delayMs = this.config.settleBatchMs): void {
    // After shutdown, settlements stay in the outbox for the drain job of another instance.
    if (this.stopped || this.running || this.batchTimer || this.queue.length === 0) return;
    const delay = this.queue.length >= this.config.settleBatchSize ? 0 : delayMs;
    this.batchTimer = setTimeout(() => {
      this.batchTimer = null;
      void this.runBatch();
    }, delay);
    // A stopping process flushes explicitly; the outbox keeps what it could not.
    this.batchTimer.unref();
  }

  /** Commits the next batch; resolves to the error if the database refused it. */
  private runBatch(): Promise<Error | null> {
    if (this.running) return this.running;
    const run = this.commitNext().finally(() => {
      this.running = null;
      const retryIn = this.failures === 0 ? this.config.settleBatchMs : backoff(this.failures);
      if (!this.stopped) this.schedule(retryIn);
    });
    this.running = run;
    return run;
  }

  private async commitNext(): Promise<Error | null> {
    const batch = this.queue.splice(0, this.config.settleBatchSize);
    if (batch.length === 0) return null;
    const items: BatchSettlement[] = batch.map((q) => ({ ...q.s, leaseId: q.leaseId }));
    let outcome: BatchOutcome;
    try {
      outcome = await this.ledger.settleBatch(items, this.clock.now());
    } catch (err) {
      this.queue.unshift(...batch);
      // A concurrent drain settled one of them first: the retry skips it.
      if (!this.ledger.isUniqueViolation(err)) this.failures++;
      const fresh = batch.filter((q) => !q.answered);
      if (fresh.length > 0)
        this.logger.error(
          `could not settle ${describeIds(fresh.map((q) => q.s.requestId))} (${errorName(err)}): kept in the outbox, retried`,
        );
      for (const q of fresh) {
        q.answered = true;
        q.kept.then(q.resolve, q.reject);
      }
      return err instanceof Error ? err : new Error(String(err));
    }
    if (this.failures > 0)
      this.logger.log(`settled ${batch.length} request(s) after ${this.failures} failed attempt(s)`);
    this.failures = 0;
    this.afterCommit(batch, outcome);
    return null;
  }

  private afterCommit(batch: Queued[], outcome: BatchOutcome): void {
    const perLease = new Map<string, { accountId: string; cost: number }>();
    for (const q of batch) {
      this.queued.delete(q.s.requestId);
      if (!q.leaseId) continue;
      const sum = perLease.get(q.leaseId) ?? { accountId: q.s.accountId, cost: 0 };
      sum.cost += q.s.costMicros;
      perLease.set(q.leaseId, sum);
    }
    for (const [leaseId, { accountId, cost }] of perLease) {
      const taken = outcome.fromLease.get(leaseId);
      this.book.settled(accountId, cost, taken === undefined ? 0 : taken);
    }
    this.observe(outcome);
    // Out of the outbox once charged (after its own write has finished); the callers are answered
    // then, so a settled request leaves nothing behind by the time its settlement resolves.
    const clearing = Promise.allSettled(batch.map((q) => q.kept))
      .then(() => this.outbox.removeMany(batch.map((q) => q.s.requestId)))
      .catch((err: unknown) => this.logger.error(`could not clear settled requests from the outbox: ${errorName(err)}`))
      .finally(() => {
        this.clearing.delete(clearing);
        for (const q of batch)
          if (!q.answered) {
            q.answered = true;
            q.resolve();
          }
      });
    this.clearing.add(clearing);
  }

  /** Outbox removals of committed batches still running. */
  private readonly clearing = new Set<Promise<void>>();

  /** The low-balance alert, once per account and batch. */
  private observe(outcome: BatchOutcome): void {
    for (const { entry, chargedMicros } of outcome.changes) {
      const change = Object.assign(new LedgerEntryEntity(), entry, {
        // The alert's dedupe key: one per change of the aggregate, not one per hour.
        id: `${entry.id}.${entry.balanceAfterMicros}`,
        amountMicros: -chargedMicros,
      });
      void this.alerts
        .observe(change)
        .catch((err: unknown) => this.logger.error(`low-balance check failed: ${errorName(err)}`));
    }
  }

  /**
   * Commits every pending settlement now (shutdown, tests, the benchmark's reconciliation).
   * Rejects when the database refuses: the outbox keeps what could not be written.
   */
  async flush(): Promise<void> {
    let raced = 0;
    for (let rounds = 0; rounds < 10_000; rounds++) {
      if (this.running) {
        await this.running;
        continue;
      }
      if (this.queue.length === 0) break;
      if (this.batchTimer) clearTimeout(this.batchTimer);
      this.batchTimer = null;
      const err = await this.runBatch();
      // A concurrent drain settled one of them first: the next attempt skips it.
      if (err && !(this.ledger.isUniqueViolation(err) && raced++ < 5)) throw err;
    }
    await Promise.allSettled([...this.queued.values()].map((q) => q.kept));
    await Promise.allSettled([...this.clearing]);
  }

  /**
   * Charges every settlement in the outbox not waiting in this instance's own queue (the drain
   * job: on any instance, so a dead instance's are charged too), each exactly once. Stops at the
   * first failure, the database being likely still away. Returns how many were taken care of.
   */
  async drainOutbox(): Promise<number> {
    const entries = [...(await this.outbox.all()).values()].filter((s) => !this.queued.has(s.requestId));
    let landed = 0;
    for (let i = 0; i < entries.length; i += this.config.settleBatchSize) {
      const chunk = entries.slice(i, i + this.config.settleBatchSize);
      // Charged to the balance only: a dead instance's lease is released whole by the sweep after.
      const outcome = await this.settleRacing(chunk.map((s) => ({ ...s, leaseId: null })));
      this.observe(outcome);
      await this.outbox.removeMany(chunk.map((s) => s.requestId));
      landed += chunk.length;
    }
    return landed;
  }

  /** settleBatch, tried again when an instance's own batch settled one of them at the same moment. */
  private async settleRacing(items: BatchSettlement[]): Promise<BatchOutcome> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await this.ledger.settleBatch(items, this.clock.now());
      } catch (err) {
        if (!this.ledger.isUniqueViolation(err) || attempt >= 3) throw err;
      }
    }
  }

  /**
   * Releases holds whose instance died: leases no longer renewed, and holds of single requests
   * that never settled. The settlement outbox is charged first, so a dead instance's delivered
   * answers are paid for before its lease goes back to the account; if the outbox cannot be read,
   * nothing is released. Returns how many holds were released.
   */
  async releaseStaleHolds(): Promise<number> {
    const own = new Set(this.book.all().map((l) => l.id));
    const now = this.clock.nowMs();
    // A lease is renewed every renewEveryMs while its instance lives: one missed four times over
    // belongs to a dead instance (sooner than HOLD_TTL_MS, so a crash does not keep an account's
    // credits reserved for an hour). A single request's hold keeps the TTL.
    const stale = (await this.ledger.staleHolds(new Date(now - this.leaseStaleMs))).filter(
      (h) =>
        !own.has(h.requestId) &&
        (h.requestId.startsWith('lease:') || h.createdAt.getTime() < now - this.config.holdTtlMs),
    );
    if (stale.length === 0) return 0;
    const known = await this.outbox.all();
    await this.drainOutbox();
    let released = 0;
    for (const hold of stale) {
      if (known.has(hold.requestId)) {
        // Its settlement released it.
        this.logger.warn(`settled the stale hold of ${hold.requestId} from the settlement outbox`);
        continue;
      }
      const amount = await this.ledger.releaseHold(hold.requestId);
      if (hold.requestId.startsWith('lease:'))
        this.logger.warn(`released the stale lease ${hold.requestId} (${amount})`);
      else this.logger.warn(`released the stale hold of ${hold.requestId}`);
      released++;
    }
    return released;
  }

  /** Gives a lease's free part (or `max` of it) back to the account. */
  private async giveBack(accountId: string, max?: number): Promise<void> {
    const lease = this.book.find(accountId);
    if (!lease) return;
    const amount = this.book.takeFree(accountId, max);
    let given = 0;
    try {
      if (amount > 0) given = await this.ledger.returnLease(accountId, lease.id, amount, this.clock.now());
    } catch (err) {
      this.logger.error(`could not give back the lease on ${accountId}: ${errorName(err)}`);
    } finally {
      this.book.returned(accountId, amount, given);
    }
  }

  private ticker: NodeJS.Timeout | null = null;
  private ticking = false;
  private lastRenewMs = 0;

  /** Lease rows are renewed well within HOLD_TTL_MS (every instance must use the same TTL). */
  private get renewEveryMs(): number {
    return Math.max(250, Math.min(Math.floor(this.config.holdTtlMs / 4), 30_000));
  }

  /** A lease not renewed for this long belongs to a dead instance (2 minutes by default). */
  private get leaseStaleMs(): number {
    return Math.min(this.config.holdTtlMs, 4 * this.renewEveryMs);
  }

  /**
   * Started with this process's first lease: a process that never admits a request (the worker,
   * the operator CLI) runs no timer.
   */
  private startUpkeep(): void {
    if (this.ticker || this.stopped) return;
    this.lastRenewMs = this.clock.nowMs();
    this.ticker = setInterval(() => void this.tick(), Math.min(this.config.leaseRefreshMs, this.renewEveryMs));
    this.ticker.unref();
  }

  /** Idle leases shrink, leased accounts are read back (others' purchases and refunds), live leases renewed. */
  private async tick(): Promise<void> {
    if (this.ticking || this.stopped) return;
    this.ticking = true;
    try {
      const now = this.clock.nowMs();
      for (const lease of this.book.idle(now - this.config.leaseIdleMs)) await this.giveBack(lease.accountId);
      const leased = this.book.all().filter((l) => l.amount > 0);
      if (leased.length > 0) {
        const accounts = await this.ledger.balances(leased.map((l) => l.accountId));
        for (const l of leased) {
          const row = accounts.get(l.accountId);
          if (!row) continue;
          if (row.balance < 0) l.suspect = true;
          // Another process's refund took credits the leases hold: give back what this one need not keep.
          if (row.balance - row.held < 0) await this.giveBack(l.accountId, row.held - row.balance);
        }
      }
      if (now - this.lastRenewMs >= this.renewEveryMs) {
        this.lastRenewMs = now;
        const ids = this.book.liveIds();
        if (ids.length > 0) await this.ledger.renewHolds(ids, this.clock.now());
      }
    } catch (err) {
      this.logger.error(`credit lease upkeep failed: ${errorName(err)}`);
    } finally {
      this.ticking = false;
    }
  }

  private stopped = false;
  private stopping: Promise<void> | null = null;

  onModuleDestroy(): void {
    if (this.ticker) clearInterval(this.ticker);
    this.ticker = null;
  }

  beforeApplicationShutdown(): Promise<void> {
    return this.shutdown();
  }

  onApplicationShutdown(): Promise<void> {
    return this.shutdown();
  }

  /** Flushes every pending settlement, then gives every lease's free part back. Once. */
  private shutdown(): Promise<void> {
    this.stopping ??= (async () => {
      if (this.ticker) clearInterval(this.ticker);
      try {
        await this.flush();
      } catch (err) {
        this.logger.error(
          `could not settle ${this.queue.length} request(s) at shutdown (${errorName(err)}): kept in the settlement outbox`,
        );
      }
      this.stopped = true;
      if (this.batchTimer) clearTimeout(this.batchTimer);
      for (const lease of this.book.all()) await this.giveBack(lease.accountId);
    })();
    return this.stopping;
  }
}

function backoff(failures: number): number {
  return Math.min(RETRY_BASE_MS * 2 ** (failures - 1), RETRY_MAX_MS) + Math.floor(Math.random() * RETRY_BASE_MS);
}

function describeIds(ids: string[]): string {
  return ids.length <= 20 ? ids.join(', ') : `${ids.slice(0, 20).join(', ')} and ${ids.length - 20} more`;
}

function errorName(err: unknown): string {
  return err instanceof Error ? err.name : 'error';
}
