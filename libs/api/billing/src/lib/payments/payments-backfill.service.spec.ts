import { FakeClock } from '@vipcloud/platform/testing';
import type { BillingConfig } from '../billing.config';
import type { PaymentEvent, PaymentEventPage, PaymentProcessor } from './payment-processor';
import { PaymentsBackfillService } from './payments-backfill.service';
import type { PaymentsRepository } from './payments.repository';
import type { NotificationOutcome, PaymentsService } from './payments.service';

const NOW = new Date('2026-03-01T00:00:00Z');

function event(id: string, occurredAt = NOW): PaymentEvent {
  return { kind: 'ignored', eventId: id, type: 'transaction.completed', occurredAt, transactionId: null };
}

/** A processor whose log is the given pages; records where each listing started. */
function processor(pages: PaymentEventPage[]): PaymentProcessor & { starts: Array<string | null> } {
  const starts: Array<string | null> = [];
  return {
    name: 'paddle',
    canCharge: true,
    starts,
    async *listEvents(after: string | null) {
      starts.push(after);
      const from = after ? pages.findIndex((p) => p.last === after) + 1 : 0;
      for (const page of pages.slice(from)) yield page;
    },
  } as unknown as PaymentProcessor & { starts: Array<string | null> };
}

function service(
  proc: PaymentProcessor,
  apply: (e: PaymentEvent) => Promise<NotificationOutcome>,
  cursor: { value: string | null },
): PaymentsBackfillService {
  const payments = { apply } as unknown as PaymentsService;
  const repository = {
    backfillCursor: async () => cursor.value,
    saveBackfillCursor: async (_p: string, id: string) => {
      cursor.value = id;
    },
  } as unknown as PaymentsRepository;
  const config = { backfillWindowMs: 24 * 3600_000 } as BillingConfig;
  return new PaymentsBackfillService(proc, payments, repository, new FakeClock(NOW), config);
}

describe('PaymentsBackfillService', () => {
  const pages: PaymentEventPage[] = [
    { events: [event('evt_1'), event('evt_2')], unreadable: 0, last: 'evt_2' },
    { events: [event('evt_3'), event('evt_4')], unreadable: 0, last: 'evt_4' },
  ];

  it('stores the cursor only after every event up to it was applied', async () => {
    const cursor = { value: null as string | null };
    const applied: string[] = [];
    const failing = service(
      processor(pages),
      async (e) => {
        if (e.eventId === 'evt_4') throw new Error('database unavailable');
        applied.push(e.eventId);
        return 'applied';
      },
      cursor,
    );
    await expect(failing.run()).rejects.toThrow('database unavailable');
    expect(applied).toEqual(['evt_1', 'evt_2', 'evt_3']);
    // evt_3 was applied but its page was not finished: the next run lists it again (a no-op then).
    expect(cursor.value).toBe('evt_2');

    const proc = processor(pages);
    const again: string[] = [];
    const result = await service(
      proc,
      async (e) => {
        again.push(e.eventId);
        return e.eventId === 'evt_3' ? 'replayed' : 'applied';
      },
      cursor,
    ).run();
    expect(proc.starts).toEqual(['evt_2']);
    expect(again).toEqual(['evt_3', 'evt_4']);
    expect(result).toEqual({
      listed: 2,
      outcomes: { replayed: 1, applied: 1 },
      beforeStart: 0,
      unreadable: 0,
      cursor: 'evt_4',
    });
  });

  it('applies on a first run only what occurred within the window, and from `since` when asked', async () => {
    const old = new Date(NOW.getTime() - 2 * 24 * 3600_000);
    const log = [{ events: [event('evt_old', old), event('evt_new')], unreadable: 0, last: 'evt_new' }];
    const cursor = { value: null as string | null };
    const applied: string[] = [];
    const apply = async (e: PaymentEvent): Promise<NotificationOutcome> => {
      applied.push(e.eventId);
      return 'applied';
    };
    expect((await service(processor(log), apply, cursor).run()).beforeStart).toBe(1);
    expect(applied).toEqual(['evt_new']);
    expect(cursor.value).toBe('evt_new');

    // `since` reads the log from its start, whatever the cursor.
    const proc = processor(log);
    await service(proc, apply, cursor).run(new Date(old.getTime() - 1));
    expect(proc.starts).toEqual([null]);
    expect(applied).toEqual(['evt_new', 'evt_old', 'evt_new']);
  });

  it('refuses to run without an API key', async () => {
    const proc = { ...processor([]), canCharge: false } as unknown as PaymentProcessor;
    await expect(service(proc, async () => 'applied', { value: null }).run()).rejects.toMatchObject({
      code: 'payments_unavailable',
    });
  });
});
