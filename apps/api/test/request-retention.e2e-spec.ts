/**
 * Retention of request metadata (privacy policy §5): a request's row — and billing's record of
 * its settlement — is deleted 30 days after the request, by a daily job and by
 * `requests:purge-expired` / `billing:purge-request-detail`, in batches. The ledger keeps what it
 * billed: its sums and every balance are unchanged. Requests are made in the past by moving the
 * application's injectable clock; the purge itself runs at the real time.
 */
import { randomUUID } from 'node:crypto';
import { LedgerService, PURGE_REQUEST_DETAIL_JOB } from '@vipcloud/billing';
import { PURGE_REQUEST_LOGS_JOB, RequestLogRepository } from '@vipcloud/gateway';
import type { RequestLogEntity } from '@vipcloud/gateway';
import { JobQueue } from '@vipcloud/platform';
import request from 'supertest';
import { runCli } from '../src/cli.runner';
import {
  cliConfig,
  count,
  daysAgo,
  eventually,
  Fakes,
  fundedKey,
  Gateway,
  logRow,
  MODES,
  PROVIDER_CASES,
  requestLogRow,
  startFakes,
  startGateway,
} from './kit';

describe.each(MODES)('request metadata retention (%s)', (mode) => {
  let fakes: Fakes;
  let gw: Gateway;

  beforeAll(async () => {
    fakes = await startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek'));
    gw = await startGateway(mode, fakes.env);
  });
  afterAll(async () => {
    await gw?.close();
    await fakes?.close();
  });

  const ledger = () => gw.app.get(LedgerService);
  const requestIds = async (accountId: string): Promise<string[]> =>
    (
      (await gw.dataSource.query('SELECT id FROM request_logs WHERE account_id = ?', [accountId])) as Array<{
        id: string;
      }>
    )
      .map((r) => r.id)
      .sort();
  const ledgerRows = (accountId: string): Promise<unknown[]> =>
    gw.dataSource.query('SELECT * FROM ledger_entries WHERE account_id = ? ORDER BY seq', [accountId]);
  /** Billing's settlement records of these requests. */
  const settlementRecords = (ids: string[]): Promise<number> =>
    count(
      gw.dataSource,
      `SELECT COUNT(*) AS n FROM credit_settlements WHERE request_id IN (${ids.map(() => '?').join(', ')})`,
      ids,
    );

  /** One charged request, made and settled `days` days ago (the metadata row and the charge written then). */
  async function requestAgo(days: number, key: string, accountId: string): Promise<string> {
    return daysAgo(gw, days, async () => {
      const before = await ledger().balance(accountId);
      const res = await request(gw.url)
        .post('/v1/chat/completions')
        .set('authorization', `Bearer ${key}`)
        .send({ model: 'deepseek-flash', max_tokens: 20, messages: [{ role: 'user', content: 'hello' }] });
      expect(res.status).toBe(200);
      const id = res.headers['x-request-id'] as string;
      await logRow(gw, id);
      // Charged (settlement lands just after the answer) before the clock moves on.
      await eventually(async () => (await ledger().balance(accountId)) < before);
      await gw.settle();
      return id;
    });
  }

  it('deletes the metadata of requests made over 30 days ago and only those; the ledger keeps its sums', async () => {
    const { accountId, key } = await fundedKey(gw, 50_000_000, { prefix: 'retention' });
    const old = [await requestAgo(40, key, accountId), await requestAgo(31, key, accountId)];
    const kept = [await requestAgo(29, key, accountId), await requestAgo(0, key, accountId)];
    expect(await requestIds(accountId)).toEqual([...old, ...kept].sort());
    const ledgerBefore = await ledgerRows(accountId);
    const balanceBefore = await ledger().balance(accountId);
    expect(balanceBefore).toBeLessThan(50_000_000);
    // Another account's recent request stays too.
    const bystander = await fundedKey(gw, 1_000_000, { prefix: 'bystander' });
    const theirs = await requestAgo(1, bystander.key, bystander.accountId);

    // The scheduled jobs, run once through the queue (in-process, or on the worker through Redis).
    const queue = gw.app.get(JobQueue);
    await queue.enqueue(PURGE_REQUEST_LOGS_JOB, {});
    await queue.enqueue(PURGE_REQUEST_DETAIL_JOB, {});
    await eventually(async () => {
      await gw.settle();
      return (await requestIds(accountId)).length === kept.length;
    }, 10_000);
    expect(await requestIds(accountId)).toEqual([...kept].sort());
    expect(await requestIds(bystander.accountId)).toEqual([theirs]);
    await eventually(async () => (await settlementRecords(old)) === 0, 10_000);
    expect(await settlementRecords(kept)).toBe(kept.length);
    // Usage is in the ledger per hour, model and price: no entry names a request.
    const text = JSON.stringify(await ledgerRows(accountId));
    expect([...old, ...kept].filter((id) => text.includes(id))).toEqual([]);

    // What was billed stays billed: the same entries, the same balance, Σ ledger = balance.
    expect(await ledgerRows(accountId)).toEqual(ledgerBefore);
    expect(await ledger().balance(accountId)).toBe(balanceBefore);
    expect(await ledger().reconcile()).toEqual([]);

    // Running again, from the CLI, deletes nothing more.
    const out: string[] = [];
    expect(await runCli(['requests:purge-expired'], cliConfig(gw), (l) => out.push(l))).toBe(0);
    expect(out).toEqual(['deleted the metadata of 0 request(s)']);
    expect(await requestIds(accountId)).toEqual([...kept].sort());
    out.length = 0;
    expect(await runCli(['billing:purge-request-detail'], cliConfig(gw), (l) => out.push(l))).toBe(0);
    expect(out).toEqual([
      'deleted 0 settlement record(s), folded 0 per-request usage entr(ies) into hourly aggregates',
    ]);
    expect(await settlementRecords(kept)).toBe(kept.length);
  });

  it('deletes a backlog larger than one batch', async () => {
    const { accountId } = await fundedKey(gw, 0, { prefix: 'backlog' });
    // Whole seconds: MySQL keeps no fraction.
    const row = (daysOld: number): RequestLogEntity => requestLogRow(accountId, randomUUID(), daysOld * 24 * 3600);
    const backlog = Array.from({ length: 1203 }, (_, i) => row(31 + (i % 60)));
    const recent = row(29);
    const repo = gw.app.get(RequestLogRepository);
    for (let i = 0; i < backlog.length; i += 200) await repo.insertMany(backlog.slice(i, i + 200));
    await repo.insertMany([recent]);
    const out: string[] = [];
    expect(await runCli(['requests:purge-expired'], cliConfig(gw), (l) => out.push(l))).toBe(0);
    expect(out).toEqual([`deleted the metadata of ${backlog.length} request(s)`]);
    expect(await requestIds(accountId)).toEqual([recent.id]);
  });
});
