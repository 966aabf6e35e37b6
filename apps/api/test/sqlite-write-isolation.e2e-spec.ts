/**
 * No write can be rolled back by someone else's transaction. On SQLite one connection serves the
 * whole process, so a plain write issued while another request's transaction is open used to join
 * that transaction and vanish with it when it rolled back (a revoked key came back). Each write
 * here is made while another transaction is open and then rolls back; each must survive, alone
 * and under concurrent load. The same scenarios run on MariaDB, where they hold by construction.
 */
import { randomUUID } from 'node:crypto';
import { AccountsService, ApiKeysService, SessionsService } from '@vipcloud/accounts';
import { RequestLogEntity, RequestLogRepository } from '@vipcloud/gateway';
import { Database } from '@vipcloud/platform';
import type { EntityManager } from 'typeorm';
import { Gateway, MODES, startGateway } from './support/gateway-harness';

class RolledBackOnPurpose extends Error {}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.each(MODES)('writes survive other transactions rolling back (%s)', (mode) => {
  let gw: Gateway;
  /** An account only the rolling-back transactions write to: it must end unchanged. */
  let bystander: string;

  beforeAll(async () => {
    gw = await startGateway(mode);
    bystander = (await gw.app.get(AccountsService).create(`bystander-${randomUUID()}@example.com`)).id;
  });
  afterAll(() => gw?.close());

  /** The transaction another request would run: it writes, waits for `gate`, then rolls back. */
  function failingTransaction(gate: Promise<void>, opened: () => void): Promise<void> {
    const work = async (em: EntityManager) => {
      await em.query("UPDATE accounts SET status = 'suspended' WHERE id = ?", [bystander]);
      opened();
      await gate;
      throw new RolledBackOnPurpose('rolled back on purpose');
    };
    return gw.app.get(Database).transaction(work);
  }

  /** Starts `write` while a failing transaction is open, lets it reach the database, then rolls back. */
  async function duringRollback<T>(write: () => Promise<T>): Promise<T> {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    const tx = failingTransaction(gate, opened);
    await isOpen;
    const written = write();
    // Long enough for a write that does not wait for the transaction to reach the database.
    await pause(50);
    release();
    await expect(tx).rejects.toBeInstanceOf(RolledBackOnPurpose);
    return written;
  }

  interface Subject {
    accountId: string;
    keyId: string;
    sessionId: string;
  }

  async function newSubject(): Promise<Subject> {
    const account = await gw.app.get(AccountsService).create(`subject-${randomUUID()}@example.com`);
    const { key } = await gw.app.get(ApiKeysService).create(account.id, { name: 'isolation' });
    const { session } = await gw.app.get(SessionsService).start(account.id);
    return { accountId: account.id, keyId: key.id, sessionId: session.id };
  }

  function logRow(accountId: string, apiKeyId: string): RequestLogEntity {
    return {
      id: `req_${randomUUID()}`,
      createdAt: new Date(),
      accountId,
      apiKeyId,
      model: 'isolation-model',
      provider: null,
      route: null,
      attempts: 1,
      stream: false,
      status: 200,
      errorCode: null,
      finishReason: 'stop',
      inputTokens: 1,
      cachedTokens: 0,
      outputTokens: 1,
      reasoningTokens: 0,
      usageSource: 'upstream',
      latencyMs: 1,
      ttfbMs: null,
      clientIp: null,
      costMicros: 0,
      priceInputMicros: 0,
      priceCachedMicros: 0,
      priceOutputMicros: 0,
      catalogVersion: 'test',
    };
  }

  async function row(table: string, id: string): Promise<Record<string, unknown> | undefined> {
    const rows: Array<Record<string, unknown>> = await gw.dataSource.query(`SELECT * FROM ${table} WHERE id = ?`, [id]);
    return rows[0];
  }

  async function expectBystanderUntouched(): Promise<void> {
    expect((await row('accounts', bystander))?.['status']).toBe('active');
  }

  it('keeps a key revocation', async () => {
    const s = await newSubject();
    await duringRollback(() => gw.app.get(ApiKeysService).revoke(s.keyId));
    expect((await row('api_keys', s.keyId))?.['revoked_at']).not.toBeNull();
    await expectBystanderUntouched();
  });

  it('keeps a session end', async () => {
    const s = await newSubject();
    await duringRollback(() => gw.app.get(SessionsService).end(s.accountId, s.sessionId));
    expect((await row('sessions', s.sessionId))?.['ended_at']).not.toBeNull();
    await expectBystanderUntouched();
  });

  it('keeps an account update', async () => {
    const s = await newSubject();
    await duringRollback(() => gw.app.get(AccountsService).setStatus(s.accountId, 'suspended'));
    expect((await row('accounts', s.accountId))?.['status']).toBe('suspended');
    await expectBystanderUntouched();
  });

  it('keeps a request-log insert', async () => {
    const s = await newSubject();
    const entry = logRow(s.accountId, s.keyId);
    await duringRollback(() => gw.app.get(RequestLogRepository).insertMany([entry]));
    expect(await row('request_logs', entry.id)).toBeDefined();
    await expectBystanderUntouched();
  });

  it('keeps every write when many are interleaved with many rolling-back transactions', async () => {
    const n = 24;
    const subjects = await Promise.all(Array.from({ length: n }, () => newSubject()));
    const entries = subjects.map((s) => logRow(s.accountId, s.keyId));
    // Each transaction holds itself open for a few milliseconds, so writes keep arriving while
    // one is open; the writes start at staggered moments across the whole run.
    const transactions = Array.from({ length: n * 2 }, async (_, i) => {
      await pause(i * 3);
      let opened!: () => void;
      const isOpen = new Promise<void>((r) => (opened = r));
      const tx = failingTransaction(
        isOpen.then(() => pause(5)),
        opened,
      );
      await expect(tx).rejects.toBeInstanceOf(RolledBackOnPurpose);
    });
    const writes = subjects.flatMap((s, i) => [
      pause(i * 7).then(() => gw.app.get(ApiKeysService).revoke(s.keyId)),
      pause(i * 7 + 1).then(() => gw.app.get(SessionsService).end(s.accountId, s.sessionId)),
      pause(i * 7 + 2).then(() => gw.app.get(AccountsService).setStatus(s.accountId, 'suspended')),
      pause(i * 7 + 3).then(() => gw.app.get(RequestLogRepository).insertMany([entries[i]])),
    ]);
    await Promise.all([...transactions, ...writes]);

    const lost: string[] = [];
    for (const [i, s] of subjects.entries()) {
      if ((await row('api_keys', s.keyId))?.['revoked_at'] == null) lost.push(`revocation of key ${i}`);
      if ((await row('sessions', s.sessionId))?.['ended_at'] == null) lost.push(`end of session ${i}`);
      if ((await row('accounts', s.accountId))?.['status'] !== 'suspended') lost.push(`update of account ${i}`);
      if (!(await row('request_logs', entries[i].id))) lost.push(`request log ${i}`);
    }
    expect(lost).toEqual([]);
    await expectBystanderUntouched();
  });
});
