/**
 * The credit ledger on a real database: exactly once per reference under concurrency and
 * replays, Σ entries = balance after any sequence, and a reconciliation that finds drift.
 * No HTTP: the application runs as a context on its databases (and queues, with Redis).
 */
import { LedgerService } from '@vipcloud/billing';
import { runCli } from '../src/cli.runner';
import { AppStack, cliConfig, createAccount, eventually, MODES, readLog, startAppContext } from './kit';

/** A small deterministic PRNG, so a failing sequence can be replayed. */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

describe.each(MODES)('credit ledger (%s)', (mode) => {
  let gw: AppStack;
  let ledger: LedgerService;
  beforeAll(async () => {
    gw = await startAppContext(mode);
    ledger = gw.app.get(LedgerService);
  });
  afterAll(() => gw?.close());

  const newAccount = async (): Promise<string> => (await createAccount(gw, { prefix: 'ledger' })).id;

  it('applies the same idempotency key once, even when sent concurrently', async () => {
    const accountId = await newAccount();
    const req = {
      accountId,
      amountMicros: 5_000_000,
      reason: 'welcome credit',
      actor: 'operator:test',
      idempotencyKey: 'welcome-0001',
    };
    const results = await Promise.all(Array.from({ length: 10 }, () => ledger.adjust(req)));
    expect(new Set(results.map((r) => r.entry.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await ledger.balance(accountId)).toBe(5_000_000);
    await expect(ledger.adjust({ ...req, amountMicros: 6_000_000 })).rejects.toMatchObject({
      status: 409,
      code: 'idempotency_conflict',
    });
    expect(await ledger.balance(accountId)).toBe(5_000_000);
  });

  it('keeps Σ entries = balance over random concurrent sequences with replays', async () => {
    const rand = lcg(20261126);
    const accountId = await newAccount();
    const ops = Array.from({ length: 60 }, (_, i) => {
      const replayOf = i > 5 && rand() < 0.3 ? Math.floor(rand() * i) : i;
      return {
        key: `seq-key-${String(replayOf).padStart(4, '0')}`,
        amount: (replayOf % 7 === 0 ? -1 : 1) * (1 + Math.floor(rand() * 9_999_999)),
      };
    });
    // Replays reuse the original op's amount, as a real retry would.
    const firstAmount = new Map<string, number>();
    for (const op of ops) if (!firstAmount.has(op.key)) firstAmount.set(op.key, op.amount);
    await Promise.all(
      ops.map((op) =>
        ledger.adjust({
          accountId,
          amountMicros: firstAmount.get(op.key) as number,
          reason: 'property test',
          actor: 'system',
          idempotencyKey: op.key,
        }),
      ),
    );
    const expected = [...firstAmount.values()].reduce((a, b) => a + b, 0);
    expect(await ledger.balance(accountId)).toBe(expected);
    const entries = await ledger.entries(accountId, 200);
    expect(entries).toHaveLength(firstAmount.size);
    expect(entries.reduce((s, e) => s + e.amountMicros, 0)).toBe(expected);
    // Each entry's balance_after is one step of a serial history.
    const afters = new Set(entries.map((e) => e.balanceAfterMicros));
    expect(afters.has(expected)).toBe(true);
    expect(await ledger.reconcile()).toEqual([]);
  });

  it('pages entries newest first with a cursor', async () => {
    const accountId = await newAccount();
    for (let i = 0; i < 5; i++)
      await ledger.adjust({
        accountId,
        amountMicros: 1000 + i,
        reason: 'page',
        actor: 'system',
        idempotencyKey: `page-key-000${i}`,
      });
    const first = await ledger.entries(accountId, 2);
    const second = await ledger.entries(accountId, 2, first[1].id);
    const third = await ledger.entries(accountId, 2, second[1].id);
    expect([...first, ...second, ...third].map((e) => e.amountMicros)).toEqual([1004, 1003, 1002, 1001, 1000]);
  });

  it('operators adjust through the CLI, and reconciliation reports drift', async () => {
    const account = await createAccount(gw, { prefix: 'ops-ledger' });
    const config = cliConfig(gw);
    const out: string[] = [];
    const cli = (...argv: string[]) => runCli(argv, config, (l) => out.push(l));
    await cli(
      'credits:adjust',
      '--account',
      account.email,
      '--amount',
      '12.50',
      '--reason',
      'support goodwill',
      '--idempotency-key',
      'ticket-4711',
    );
    await cli(
      'credits:adjust',
      '--account',
      account.email,
      '--amount',
      '12.50',
      '--reason',
      'support goodwill',
      '--idempotency-key',
      'ticket-4711',
    );
    expect(out[0]).toMatch(/^applied: 12\.500000 USD, balance after 12\.500000 USD/);
    expect(out[1]).toMatch(/^already applied: 12\.500000 USD/);
    await expect(
      cli(
        'credits:adjust',
        '--account',
        account.email,
        '--amount',
        '0.1234567',
        '--reason',
        'x',
        '--idempotency-key',
        'ticket-4712',
      ),
    ).rejects.toThrow(/at most 6 decimals/);
    await cli('credits:balance', '--account', account.email);
    expect(out[2]).toBe('12.500000 USD');

    await gw.dataSource.query('UPDATE credit_balances SET balance_micros = balance_micros + 1 WHERE account_id = ?', [
      account.id,
    ]);
    const before = process.exitCode;
    await cli('credits:reconcile');
    expect(out.join('\n')).toMatch(new RegExp(`DRIFT ${account.id}: balance 12\\.500001 ≠ entries 12\\.500000`));
    process.exitCode = before;
    await gw.dataSource.query('UPDATE credit_balances SET balance_micros = balance_micros - 1 WHERE account_id = ?', [
      account.id,
    ]);

    // Credits held with no hold behind them (an instance died between the two steps of a hold).
    await gw.dataSource.query('UPDATE credit_balances SET held_micros = held_micros + 5 WHERE account_id = ?', [
      account.id,
    ]);
    await cli('credits:reconcile');
    expect(out.join('\n')).toMatch(new RegExp(`HELD DRIFT ${account.id}: held 0\\.000005 ≠ holds 0\\.000000`));
    process.exitCode = before;
    await gw.dataSource.query('UPDATE credit_balances SET held_micros = held_micros - 5 WHERE account_id = ?', [
      account.id,
    ]);
  });

  it('runs the reconciliation as a scheduled job, which reports drift in the log', async () => {
    // An instance (and in production mode its worker) reconciling every 200 ms, on the same database.
    const scheduled = await startAppContext(mode, {
      RECONCILE_EVERY_MS: '200',
      ...(gw.databaseUrl ? { DATABASE_URL: gw.databaseUrl } : {}),
    });
    try {
      const accountId = (await createAccount(scheduled, { prefix: 'drift' })).id;
      await scheduled.app
        .get(LedgerService)
        .adjust({ accountId, amountMicros: 1_000, reason: 'x', actor: 'system', idempotencyKey: `drift-${accountId}` });
      await scheduled.dataSource.query(
        'UPDATE credit_balances SET balance_micros = balance_micros + 7 WHERE account_id = ?',
        [accountId],
      );
      // In production mode the job runs in the worker, which logs to the same file.
      await eventually(async () => readLog(scheduled).includes(`ledger drift on ${accountId}`), 10_000);
      await scheduled.dataSource.query(
        'UPDATE credit_balances SET balance_micros = balance_micros - 7 WHERE account_id = ?',
        [accountId],
      );
    } finally {
      await scheduled.close();
    }
  });
});
