import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, MemorySharedStore, type Clock } from '@vipcloud/platform';
import { SettlementOutbox } from '../credits/settlement-outbox.store';
import type { LedgerRepository } from '../ledger/ledger.repository';
import type { BillingRecordsRepository } from './billing-records.repository';
import { BillingRecordsService } from './billing-records.service';

describe('BillingRecordsService.settlementsInFlight', () => {
  let dir: string;
  let outbox: SettlementOutbox;
  let holds: number;
  let service: BillingRecordsService;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vc-billing-records-'));
    outbox = new SettlementOutbox(new MemorySharedStore(), new AppConfig({ DATA_DIR: dir }), null);
    holds = 0;
    const records = { holdsOf: () => Promise.resolve(holds) } as unknown as BillingRecordsRepository;
    service = new BillingRecordsService(records, {} as LedgerRepository, {} as Clock, outbox);
  });
  afterEach(async () => {
    await outbox.onApplicationShutdown();
    rmSync(dir, { recursive: true, force: true });
  });

  const pending = (requestId: string, accountId: string) =>
    outbox.add({
      requestId,
      accountId,
      costMicros: 7,
      model: 'm',
      price: { input: 1, cachedInput: 0, output: 2 },
      endedAtMs: 1,
    });

  it('is null when the account has no hold and no settlement waiting', async () => {
    await pending('r-other', 'someone-else');
    await expect(service.settlementsInFlight('a1')).resolves.toBeNull();
  });

  it('names a hold (a request running, or a lease not given back) or a settlement in the outbox', async () => {
    holds = 1;
    await expect(service.settlementsInFlight('a1')).resolves.toBe(
      '1 credit hold(s) and 0 settlement(s) not yet charged',
    );
    holds = 0;
    await pending('r1', 'a1');
    await expect(service.settlementsInFlight('a1')).resolves.toBe(
      '0 credit hold(s) and 1 settlement(s) not yet charged',
    );
  });
});
