import { AppConfig } from '@vipcloud/platform';
import { FakeClock } from '@vipcloud/platform/testing';
import type { BillingConfig } from '../billing.config';
import type { LowBalanceService } from '../alerts/low-balance.service';
import type { BatchOutcome, BatchSettlement, LedgerRepository } from '../ledger/ledger.repository';
import { AccountInArrearsError, CreditsService, InsufficientCreditsError } from './credits.service';
import type { SettlementOutbox } from './settlement-outbox.store';

/**
 * One account's balance in memory, with the lease operations of the repository: growth under the
 * lock (what `decide` asks, if the account has it), batches that charge the balance exactly once.
 */
class MemoryLedger {
  held = 0;
  leases = new Map<string, number>();
  settledIds = new Set<string>();
  growths = 0;
  failBatches = 0;
  batches: BatchSettlement[][] = [];

  constructor(public balance: number) {}

  async growLease(_account: string, leaseId: string, decide: (available: number, balance: number) => number) {
    this.growths++;
    const available = this.balance - this.held;
    const chunk = decide(available, this.balance);
    if (chunk <= 0 || chunk > available) return { granted: 0, balance: this.balance, available };
    this.held += chunk;
    this.leases.set(leaseId, (this.leases.get(leaseId) ?? 0) + chunk);
    return { granted: chunk, balance: this.balance, available: available - chunk };
  }

  async available() {
    return { balance: this.balance, held: this.held };
  }

  async balances(accountIds: string[]) {
    return new Map(accountIds.map((id) => [id, { balance: this.balance, held: this.held }]));
  }

  async renewHolds(): Promise<void> {}

  async returnLease(_account: string, leaseId: string, amount: number) {
    const give = Math.min(amount, this.leases.get(leaseId) ?? 0);
    this.leases.set(leaseId, (this.leases.get(leaseId) ?? 0) - give);
    this.held -= give;
    return give;
  }

  async settleBatch(items: BatchSettlement[]): Promise<BatchOutcome> {
    if (this.failBatches-- > 0) throw new Error('connection lost');
    this.batches.push(items);
    const outcome: BatchOutcome = { settled: new Set(), fromLease: new Map(), changes: [] };
    for (const i of items) {
      if (!this.settledIds.has(i.requestId)) {
        this.settledIds.add(i.requestId);
        outcome.settled.add(i.requestId);
        this.balance -= i.costMicros;
      }
      if (i.leaseId) {
        const take = Math.min(i.costMicros, this.leases.get(i.leaseId) ?? 0);
        this.leases.set(i.leaseId, (this.leases.get(i.leaseId) ?? 0) - take);
        this.held -= take;
        outcome.fromLease.set(i.leaseId, (outcome.fromLease.get(i.leaseId) ?? 0) + take);
      }
    }
    return outcome;
  }

  onBalanceChange(): void {}
  isUniqueViolation(): boolean {
    return false;
  }
}

const price = { input: 1_000_000, cachedInput: 100_000, output: 2_000_000 }; // USD 1 / 2 per 1M tokens
const config = {
  holdTtlMs: 3_600_000,
  settleBatchMs: 5,
  settleBatchSize: 500,
  leaseIdleMs: 10_000,
  leaseRefreshMs: 1_000,
} as BillingConfig;

/** Every service a test made: their lease upkeep timers must not outlive the test (nor tick in later files). */
const made: CreditsService[] = [];
afterEach(() => {
  for (const service of made.splice(0)) service.onModuleDestroy();
});

function serviceOn(ledger: MemoryLedger, outbox?: SettlementOutbox, shared = false): CreditsService {
  const kept =
    outbox ?? ({ add: async () => undefined, removeMany: async () => undefined } as unknown as SettlementOutbox);
  const service = new CreditsService(
    ledger as unknown as LedgerRepository,
    new FakeClock(),
    config,
    { observe: async () => undefined } as unknown as LowBalanceService,
    kept,
    new AppConfig(shared ? { DATABASE_URL: 'mysql://u@127.0.0.1/x' } : {}),
  );
  made.push(service);
  return service;
}

const request = (requestId: string, choices?: number) => ({
  accountId: 'a',
  requestId,
  promptTokens: 1_000,
  maxOutputTokens: 1_000,
  choices,
  price,
});
const hold = (balance: number, choices?: number) => serviceOn(new MemoryLedger(balance)).reserve(request('r', choices));

describe('CreditsService.reserve', () => {
  it('holds the prompt and the output cap of every choice', async () => {
    // 1,000 input tokens = 1,000 micro-USD; 1,000 output tokens = 2,000 micro-USD, three times.
    expect(await hold(1_000_000, 3)).toEqual({ amountMicros: 7_000, outputCap: null });
    expect(await hold(1_000_000)).toEqual({ amountMicros: 3_000, outputCap: null });
  });

  it('shares what the balance affords between the choices when it covers less than the caps', async () => {
    // 5,000 micro-USD leave 4,000 for output: 2,000 tokens in all, 666 for each of three choices.
    expect(await hold(5_000, 3)).toEqual({ amountMicros: 1_000 + 3 * 666 * 2, outputCap: 666 });
  });

  it('refuses when not even the smallest output fits every choice', async () => {
    await expect(hold(1_000 + 2 * 16 * 3 - 1, 3)).rejects.toBeInstanceOf(InsufficientCreditsError);
  });

  it('admits from the lease in memory: one growth serves many requests, in parallel too', async () => {
    const ledger = new MemoryLedger(1_000_000);
    const credits = serviceOn(ledger);
    const holds = await Promise.all(Array.from({ length: 10 }, (_, i) => credits.reserve(request(`r${i}`))));
    expect(holds.every((h) => h.amountMicros === 3_000)).toBe(true);
    // 16 requests' worth in one growth (single-flight: the others waited for it).
    expect(ledger.growths).toBe(1);
    expect(ledger.held).toBe(16 * 3_000);
  });

  it('admits a burst far larger than one growth: growths are sized for every waiting request, none gives up', async () => {
    const ledger = new MemoryLedger(10_000_000);
    const credits = serviceOn(ledger, undefined, true);
    const holds = await Promise.all(Array.from({ length: 1_000 }, (_, i) => credits.reserve(request(`b${i}`))));
    expect(holds.every((h) => h.amountMicros === 3_000 && h.outputCap === null)).toBe(true);
    // A handful of database calls, not one per sixteen requests.
    expect(ledger.growths).toBeLessThan(10);
    expect(ledger.held).toBeLessThanOrEqual(10_000_000);
  });

  it('clamps against the lease and what the database has left, as one', async () => {
    const ledger = new MemoryLedger(10_000);
    const credits = serviceOn(ledger);
    // 3,000 each: the lease takes all 10,000; three fit, the fourth is offered what is left.
    for (let i = 0; i < 3; i++)
      expect(await credits.reserve(request(`r${i}`))).toEqual({ amountMicros: 3_000, outputCap: null });
    // 1,000 left: 1,000 for the prompt, nothing for the output.
    await expect(credits.reserve(request('r3'))).rejects.toBeInstanceOf(InsufficientCreditsError);
    // A purchase elsewhere is seen when the lease cannot cover a request.
    ledger.balance += 1_500;
    // 2,500 in all: 1,000 for the prompt, 750 output tokens.
    expect(await credits.reserve(request('r4'))).toEqual({ amountMicros: 2_500, outputCap: 750 });
    expect(ledger.held).toBe(11_500);
  });

  it('answers arrears from the database when the lease cannot cover a request', async () => {
    const ledger = new MemoryLedger(-5);
    await expect(serviceOn(ledger).reserve(request('r'))).rejects.toBeInstanceOf(AccountInArrearsError);
  });

  it('leases at most half of what is free when other instances may lease too', async () => {
    const ledger = new MemoryLedger(100_000);
    await serviceOn(ledger, undefined, true).reserve(request('r'));
    expect(ledger.held).toBe(48_000); // 16 × 3,000 < 50,000
    const small = new MemoryLedger(12_000);
    await serviceOn(small, undefined, true).reserve(request('r'));
    expect(small.held).toBe(6_000);
  });
});

describe('CreditsService.settle', () => {
  it('charges in a batch out of the lease, and frees the rest of the hold at once', async () => {
    const ledger = new MemoryLedger(1_000_000);
    const credits = serviceOn(ledger);
    await credits.reserve(request('r1'));
    await credits.reserve(request('r2'));
    await Promise.all([credits.settle('a', 'r1', 1_500, 'm', price), credits.settle('a', 'r2', 0, 'm', price)]);
    // One batch, one settlement: a request that cost nothing writes nothing.
    expect(ledger.batches.map((b) => b.map((i) => [i.requestId, i.costMicros]))).toEqual([[['r1', 1_500]]]);
    expect(ledger.balance).toBe(998_500);
    expect(ledger.held).toBe(48_000 - 1_500);
    // A replay charges nothing.
    await credits.settle('a', 'r1', 1_500, 'm', price);
    expect(ledger.balance).toBe(998_500);
    await credits.flush();
  });

  it('keeps the settlement in the outbox and retries it until it lands, then clears it', async () => {
    const ledger = new MemoryLedger(1_000_000);
    ledger.failBatches = 2;
    const kept = new Map<string, unknown>();
    const outbox = {
      add: async (s: { requestId: string }) => void kept.set(s.requestId, s),
      removeMany: async (ids: string[]) => ids.forEach((id) => kept.delete(id)),
    } as unknown as SettlementOutbox;
    const credits = serviceOn(ledger, outbox);
    await credits.reserve(request('r'));
    // Answered once kept: the batch failed, the outbox has it.
    await credits.settle('a', 'r', 42, 'm', price);
    expect(kept.has('r')).toBe(true);
    expect(ledger.balance).toBe(1_000_000);
    // Two retries with backoff (250 ms, then 500 ms, plus jitter): the second lands.
    const until = Date.now() + 5_000;
    while (kept.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(ledger.balance).toBe(1_000_000 - 42);
    expect(kept.size).toBe(0);
    await credits.beforeApplicationShutdown();
    // Shutdown gives the lease back.
    expect(ledger.held).toBe(0);
  });
});
