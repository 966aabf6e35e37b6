import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig, MemorySharedStore } from '@vipcloud/platform';
import { PendingSettlement, SettlementOutbox } from './settlement-outbox.store';

const settlement = (requestId: string): PendingSettlement => ({
  requestId,
  accountId: 'a',
  costMicros: 7,
  model: 'm',
  price: { input: 1, cachedInput: 0, output: 2 },
  endedAtMs: 1,
});

describe('SettlementOutbox (embedded journal)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'vc-outbox-unit-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const outboxIn = (): SettlementOutbox =>
    new SettlementOutbox(new MemorySharedStore(), new AppConfig({ DATA_DIR: dir }), null);
  /** The journal's lines, by kind (`add` or `done`). */
  const journal = (): string[] =>
    readFileSync(join(dir, 'settlement-outbox.jsonl'), 'utf8')
      .split('\n')
      .filter(Boolean)
      .map((line) => Object.keys(JSON.parse(line) as object)[0]);

  it('keeps every settlement on disk before it resolves, grouped, and empties the journal when none is pending', async () => {
    const outbox = outboxIn();
    await Promise.all(['r1', 'r2', 'r3'].map((id) => outbox.add(settlement(id))));
    expect(journal().filter((l) => l === 'add')).toHaveLength(3);
    await outbox.removeMany(['r1', 'r2']);
    expect(journal().filter((l) => l === 'done')).toHaveLength(2);
    // A settlement added while the last one is being removed is never lost to the truncation.
    await Promise.all([outbox.removeMany(['r3']), outbox.add(settlement('r4'))]);
    expect([...(await outbox.all()).keys()]).toEqual(['r4']);
    const again = outboxIn();
    await again.onModuleInit();
    expect([...(await again.all()).keys()]).toEqual(['r4']);
    await again.removeMany(['r4']);
    expect(readFileSync(join(dir, 'settlement-outbox.jsonl'), 'utf8')).toBe('');
    await Promise.all([outbox.onApplicationShutdown(), again.onApplicationShutdown()]);
  });

  it('appends from the start after the journal was emptied, and reopens it after a shutdown', async () => {
    const outbox = outboxIn();
    await outbox.onModuleInit();
    await outbox.add(settlement('r1'));
    await outbox.removeMany(['r1']);
    // The same open handle: the next line is the file's first, not written after a hole where r1 was.
    await outbox.add(settlement('r2'));
    expect(readFileSync(join(dir, 'settlement-outbox.jsonl'), 'utf8')).toBe(
      `${JSON.stringify({ add: settlement('r2') })}\n`,
    );
    await outbox.onApplicationShutdown();
    await outbox.add(settlement('r3'));
    expect(journal()).toEqual(['add', 'add']);
    await outbox.onApplicationShutdown();
    const again = outboxIn();
    await again.onModuleInit();
    expect([...(await again.all()).keys()]).toEqual(['r2', 'r3']);
    await again.onApplicationShutdown();
  });
});
