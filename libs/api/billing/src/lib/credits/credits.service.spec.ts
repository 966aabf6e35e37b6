import { FakeClock } from '@vipcloud/platform/testing';
import type { BillingConfig } from '../billing.config';
import type { LowBalanceService } from '../alerts/low-balance.service';
import type { LedgerRepository } from '../ledger/ledger.repository';
import { CreditsService, InsufficientCreditsError } from './credits.service';
import type { SettlementOutbox } from './settlement-outbox.store';

/** A ledger holding one account's balance in memory, reserving as the conditional UPDATE does. */
function ledgerWith(balance: number): LedgerRepository {
  let held = 0;
  return {
    reserve: async (_account: string, _request: string, amount: number) => {
      if (balance - held < amount) return false;
      held += amount;
      return true;
    },
    available: async () => ({ balance, held }),
  } as unknown as LedgerRepository;
}

const price = { input: 1_000_000, cachedInput: 100_000, output: 2_000_000 }; // USD 1 / 2 per 1M tokens
const service = (balance: number) =>
  new CreditsService(
    ledgerWith(balance),
    new FakeClock(),
    {} as BillingConfig,
    {} as LowBalanceService,
    {} as SettlementOutbox,
  );
const hold = (balance: number, choices?: number) =>
  service(balance).reserve({
    accountId: 'a',
    requestId: 'r',
    promptTokens: 1_000,
    maxOutputTokens: 1_000,
    choices,
    price,
  });

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
});

describe('CreditsService.settle when the database refuses', () => {
  it('keeps the settlement in the outbox and retries it until it lands, then clears it', async () => {
    let failures = 2;
    const settled: Array<number | null> = [];
    const ledger = {
      settle: async (_request: string, _account: string, usage: { amountMicros: number } | null) => {
        if (failures-- > 0) throw new Error('connection lost');
        settled.push(usage?.amountMicros ?? null);
        return null;
      },
    } as unknown as LedgerRepository;
    const kept = new Map<string, unknown>();
    const outbox = {
      add: async (s: { requestId: string }) => void kept.set(s.requestId, s),
      remove: async (requestId: string) => void kept.delete(requestId),
    } as unknown as SettlementOutbox;
    const credits = new CreditsService(ledger, new FakeClock(), {} as BillingConfig, {} as LowBalanceService, outbox);

    await credits.settle('a', 'r', 42, 'm', price);
    expect(kept.has('r')).toBe(true);
    expect(settled).toEqual([]);
    // Two retries with backoff (250 ms, then 500 ms, plus jitter): the second lands.
    const until = Date.now() + 5_000;
    while (kept.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    expect(settled).toEqual([-42]);
    expect(kept.size).toBe(0);
    credits.onModuleDestroy();
  });
});
