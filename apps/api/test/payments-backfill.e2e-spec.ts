/**
 * Paddle notifications the webhook never received, recovered from Paddle's event log: the scheduled
 * job and `payments:backfill` apply them through the webhook's exactly-once path (the notification's
 * id), so however a notification arrives — listed, delivered, both, twice — it applies once.
 */
import { LedgerService, PAYMENTS_BACKFILL_JOB } from '@vipcloud/billing';
import { adjustment, completedTransaction, FakePaddle, paddleEvent, startFakePaddle } from '@vipcloud/fake-paddle';
import { JobQueue } from '@vipcloud/platform';
import { runCli } from '../src/cli.runner';
import { cliConfig, deliverPaddle, eventually, Gateway, graphql, MODES, signedInAccount, startGateway } from './kit';

const SECRET = 'pdl_ntfset_backfill_0123456789';
const PACK_CREDITS = 10_000_000;
const MINUTE = 60_000;

describe.each(MODES)('payment notifications recovered from Paddle’s event log (%s)', (mode) => {
  let paddle: FakePaddle;
  let gw: Gateway;
  let packId: string;

  beforeAll(async () => {
    // Two events a page, so a handful of notifications spans several pages.
    paddle = await startFakePaddle({ maxPerPage: 2 });
    gw = await startGateway(mode, {
      PADDLE_API_KEY: paddle.apiKey,
      PADDLE_API_URL: paddle.url,
      PADDLE_WEBHOOK_SECRETS: SECRET,
      // The schedule never fires during the test: runs are triggered.
      PADDLE_BACKFILL_EVERY_MS: String(3600_000),
    });
    const admin = await signedInAccount(gw, { prefix: 'admin', role: 'admin' });
    const created = await graphql(gw, admin.token)(
      'mutation($i: CreditPackInput!) { createCreditPack(input: $i) { id } }',
      { i: { name: 'Starter', credits: '10.00', price: '9.99', currency: 'USD' } },
    );
    packId = created.body.data.createCreditPack.id;
  });
  afterAll(async () => {
    await gw?.close();
    await paddle?.close();
  });

  const balance = (accountId: string) => gw.app.get(LedgerService).balance(accountId);

  interface Buyer {
    accountId: string;
    purchaseId: string;
    transactionId: string;
  }

  /** A signed-in owner who started a checkout: the purchase waits for Paddle's completion. */
  async function buyer(): Promise<Buyer> {
    const owner = await signedInAccount(gw, { prefix: 'buyer' });
    const res = await graphql(gw, owner.token)(
      'mutation($p: ID!) { startCheckout(packId: $p) { purchaseId transactionId } }',
      { p: packId },
    );
    expect(res.body.errors).toBeUndefined();
    return { accountId: owner.accountId, ...res.body.data.startCheckout };
  }

  let serial = 0;
  /** A notification with an id that sorts after every earlier one, as Paddle's do. */
  function notification(type: string, data: Record<string, unknown>, occurredAt = new Date()) {
    const eventId = `evt_backfill_${mode === 'sqlite' ? 's' : 'm'}_${String(++serial).padStart(4, '0')}`;
    return { eventId, body: paddleEvent(type, data, eventId, occurredAt) };
  }

  function completion(b: Buyer, occurredAt?: Date) {
    const custom = { vipcloud_account_id: b.accountId, vipcloud_purchase_id: b.purchaseId, vipcloud_pack_id: packId };
    return notification('transaction.completed', completedTransaction(b.transactionId, custom, 999), occurredAt);
  }

  async function cursor(): Promise<string | null> {
    const rows: Array<{ last_event_id: string }> = await gw.dataSource.query(
      "SELECT last_event_id FROM payment_cursors WHERE processor = 'paddle'",
    );
    return rows[0]?.last_event_id ?? null;
  }

  async function eventStatus(eventId: string): Promise<string | null> {
    const rows: Array<{ status: string }> = await gw.dataSource.query(
      'SELECT status FROM payment_events WHERE event_id = ?',
      [eventId],
    );
    return rows[0]?.status ?? null;
  }

  /** One run of the scheduled job (in-process, or on the worker through Redis), until it stored `expected`. */
  async function runJob(expected: string): Promise<void> {
    await gw.app.get(JobQueue).enqueue(PAYMENTS_BACKFILL_JOB, {});
    await eventually(async () => {
      await gw.settle();
      return (await cursor()) === expected;
    }, 10_000);
  }

  /** `payments:backfill` from the operator CLI, on the gateway's database. */
  async function command(...args: string[]): Promise<{ code: number; out: string[] }> {
    const out: string[] = [];
    const config = cliConfig(gw, { PADDLE_API_KEY: paddle.apiKey, PADDLE_API_URL: paddle.url });
    const code = await runCli(['payments:backfill', ...args], config, (l) => out.push(l));
    return { code, out };
  }

  let recovered: Buyer;
  let recoveredEvent: { eventId: string; body: string };

  it('grants a completion the webhook never delivered; the first run applies only what is within its window', async () => {
    recovered = await buyer();
    const old = await buyer();
    const tooOld = completion(old, new Date(Date.now() - 30 * 24 * 60 * MINUTE));
    paddle.publish(tooOld.body);
    recoveredEvent = completion(recovered, new Date(Date.now() - MINUTE));
    paddle.publish(recoveredEvent.body);
    expect(await cursor()).toBeNull();

    await runJob(recoveredEvent.eventId);
    expect(await balance(recovered.accountId)).toBe(PACK_CREDITS);
    expect(await eventStatus(recoveredEvent.eventId)).toBe('applied');
    const [purchase] = await gw.dataSource.query('SELECT status FROM purchases WHERE id = ?', [recovered.purchaseId]);
    expect(purchase.status).toBe('completed');
    // Older than PADDLE_BACKFILL_WINDOW_MS on the first run: listed, passed, not applied.
    expect(await balance(old.accountId)).toBe(0);
    expect(await eventStatus(tooOld.eventId)).toBeNull();
    // Nothing of the customer is stored: the notification's row has no name, email or address.
    const [row] = await gw.dataSource.query('SELECT * FROM payment_events WHERE event_id = ?', [
      recoveredEvent.eventId,
    ]);
    expect(JSON.stringify(row)).not.toMatch(/ctm_|@/);
  });

  it('grants once however often it runs, and a late webhook for a recovered notification changes nothing', async () => {
    const again = await command();
    expect(again.code).toBe(0);
    // Resumes after the cursor: nothing new.
    expect(again.out).toEqual([
      `0 notification(s) listed: none applied; 0 before the start, 0 unreadable; cursor ${recoveredEvent.eventId}`,
    ]);
    // Re-reading the whole log from an hour ago lists it again: already received, not applied again.
    const reread = await command('--since', new Date(Date.now() - 60 * MINUTE).toISOString());
    expect(reread.code).toBe(0);
    expect(reread.out).toEqual([
      `2 notification(s) listed: 1 replayed; 1 before the start, 0 unreadable; cursor ${recoveredEvent.eventId}`,
    ]);

    const late = await deliverPaddle(gw.url, recoveredEvent.body, SECRET);
    expect(late.status).toBe(200);
    expect(late.body.outcome).toBe('replayed');
    expect(await balance(recovered.accountId)).toBe(PACK_CREDITS);
    const entries = await gw.dataSource.query('SELECT kind FROM ledger_entries WHERE account_id = ?', [
      recovered.accountId,
    ]);
    expect(entries).toEqual([{ kind: 'purchase' }]);
  });

  it('skips a notification the webhook already applied', async () => {
    const delivered = await buyer();
    const event = completion(delivered);
    const res = await deliverPaddle(gw.url, event.body, SECRET);
    expect(res.body.outcome).toBe('applied');
    paddle.publish(event.body);

    const run = await command();
    expect(run.out).toEqual([
      `1 notification(s) listed: 1 replayed; 0 before the start, 0 unreadable; cursor ${event.eventId}`,
    ]);
    expect(await balance(delivered.accountId)).toBe(PACK_CREDITS);
    expect(await eventStatus(event.eventId)).toBe('applied');
  });

  it('reads the log page by page, storing the cursor as it goes, and applies refunds in order', async () => {
    const start = await cursor();
    const listed = paddle.eventListings.length;
    const [a, b, c] = [await buyer(), await buyer(), await buyer()];
    const events = [
      completion(a),
      completion(b),
      // Not a notification that moves money: the listing leaves it out.
      notification('customer.created', { id: 'ctm_99', email: 'someone@example.com', name: 'Someone' }),
      completion(c),
      notification(
        'adjustment.created',
        adjustment('adj_backfill_' + mode, a.transactionId, 'refund', 'approved', 999),
      ),
    ];
    for (const e of events) paddle.publish(e.body);
    const last = events[4].eventId;

    await runJob(last);
    // Two pages of two: the second resumes after the first's last event.
    expect(paddle.eventListings.slice(listed).map((l) => l.after)).toEqual([start, events[1].eventId]);
    expect(paddle.eventListings.at(-1)?.eventTypes).toEqual([
      'transaction.completed',
      'adjustment.created',
      'adjustment.updated',
    ]);
    expect(await balance(a.accountId)).toBe(0);
    expect(await balance(b.accountId)).toBe(PACK_CREDITS);
    expect(await balance(c.accountId)).toBe(PACK_CREDITS);
    expect(await eventStatus(events[2].eventId)).toBeNull();

    // The next run lists after the stored cursor only.
    const next = await command();
    expect(next.out).toEqual([
      `0 notification(s) listed: none applied; 0 before the start, 0 unreadable; cursor ${last}`,
    ]);
    expect(paddle.eventListings.at(-1)?.after).toBe(last);
  });

  it('reports a listed notification it cannot read (exit code 2) and does not apply it', async () => {
    const d = await buyer();
    const bad = notification('transaction.completed', {
      ...completedTransaction(d.transactionId, { vipcloud_account_id: d.accountId }, 999),
      currency_code: 'DOLLARS',
    });
    paddle.publish(bad.body);
    const run = await command();
    expect(run.code).toBe(2);
    expect(run.out).toEqual([
      `1 notification(s) listed: none applied; 0 before the start, 1 unreadable; cursor ${bad.eventId}`,
    ]);
    expect(await eventStatus(bad.eventId)).toBeNull();
    expect(await balance(d.accountId)).toBe(0);
  });
});
