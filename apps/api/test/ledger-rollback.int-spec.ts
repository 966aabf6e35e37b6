/**
 * An adjustment reported as applied is applied. While another transaction holds an uncommitted
 * entry with the same reference and then rolls back, the adjustment must not be answered as a
 * replay of that entry (on SQLite a read outside the write queue sees it on the shared
 * connection): it waits, and applies once the other transaction has gone.
 */
import { randomUUID } from 'node:crypto';
import { LedgerService } from '@vipcloud/billing';
import type { LedgerEntryEntity } from '@vipcloud/billing';
import { Database, sha256Hex } from '@vipcloud/platform';
import { AppStack, createAccount, MODES, startAppContext } from './kit';

class RolledBackOnPurpose extends Error {}

const pause = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

describe.each(MODES)('ledger entries and rolled-back transactions (%s)', (mode) => {
  let gw: AppStack;
  let ledger: LedgerService;
  beforeAll(async () => {
    gw = await startAppContext(mode);
    ledger = gw.app.get(LedgerService);
  });
  afterAll(() => gw?.close());

  it('applies an adjustment whose reference another transaction wrote and then rolled back', async () => {
    const accountId = (await createAccount(gw, { prefix: 'ledger-rollback' })).id;
    const req = {
      accountId,
      amountMicros: 7_000_000,
      reason: 'goodwill credit',
      actor: 'operator:test',
      idempotencyKey: `rollback-${randomUUID()}`,
    };
    const reference = `adjustment:${req.idempotencyKey}`;
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let opened!: () => void;
    const isOpen = new Promise<void>((r) => (opened = r));
    // Another request's transaction: the same entry (same fingerprint, so a replay would match it), then a rollback.
    const doomed = gw.app.get(Database).transaction(async (em) => {
      await em.getRepository<LedgerEntryEntity>('LedgerEntryEntity').insert({
        id: randomUUID(),
        accountId,
        kind: 'adjustment',
        amountMicros: req.amountMicros,
        balanceAfterMicros: req.amountMicros,
        reference,
        fingerprint: sha256Hex(JSON.stringify(['adjustment', accountId, req.amountMicros, req.reason])),
        reason: req.reason,
        actor: req.actor,
        createdAt: new Date(),
      });
      opened();
      await gate;
      throw new RolledBackOnPurpose();
    });
    await isOpen;
    const adjusted = ledger.adjust(req);
    await pause(50);
    release();
    await expect(doomed).rejects.toBeInstanceOf(RolledBackOnPurpose);
    const result = await adjusted;
    expect(result.replayed).toBe(false);
    expect(await ledger.balance(accountId)).toBe(7_000_000);
    // Applied once: a real replay now finds the committed entry.
    const again = await ledger.adjust(req);
    expect(again.replayed).toBe(true);
    expect(again.entry.id).toBe(result.entry.id);
    expect(await ledger.balance(accountId)).toBe(7_000_000);
  });
});
