import { runInNewContext } from 'node:vm';
import { ApiError, Environment, Paddle, type EventEntity } from '@paddle/paddle-node-sdk';
import { adjustment, completedTransaction, paddleEvent, startFakePaddle, type FakePaddle } from './index';

// The official SDK is the client here: what it can parse is what the product will be able to parse.
describe('fake Paddle', () => {
  let fake: FakePaddle;
  let paddle: Paddle;
  beforeAll(async () => {
    fake = await startFakePaddle();
    paddle = new Paddle(fake.apiKey, { environment: fake.url as Environment });
  });
  afterAll(() => fake.close());

  it('listens on loopback with a random test key', () => {
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(fake.apiKey).toMatch(/^pdl_test_[0-9a-f]{12}$/);
  });

  it('serves a stand-in Paddle.js without a key that records the checkout it opens', async () => {
    const res = await fetch(fake.scriptUrl);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/javascript/);
    const window: Record<string, unknown> = {};
    runInNewContext(await res.text(), { window });
    const events: unknown[] = [];
    const paddle = window['Paddle'] as {
      Environment: { set(env: string): void };
      Initialize(options: { token: string; eventCallback(event: unknown): void }): void;
      Checkout: { open(options: { transactionId: string }): void };
    };
    paddle.Environment.set('sandbox');
    paddle.Initialize({ token: 'test_token', eventCallback: (event) => events.push(event) });
    paddle.Checkout.open({ transactionId: 'txn_1' });
    expect(window['__paddleEnvironment']).toBe('sandbox');
    expect(window['__paddleInitialize']).toEqual({ token: 'test_token' });
    expect(window['__paddleCheckout']).toEqual({ transactionId: 'txn_1', settings: null });
    expect(events).toEqual([{ name: 'checkout.loaded', data: { transaction_id: 'txn_1', status: 'draft' } }]);
  });

  it('creates a transaction with a checkout link and records what was sent', async () => {
    const txn = await paddle.transactions.create({
      items: [
        {
          quantity: 1,
          price: {
            description: 'Starter',
            name: 'Starter',
            unitPrice: { amount: '999', currencyCode: 'USD' },
            product: { name: 'credits', taxCategory: 'standard' },
          },
        },
      ],
      customData: { vipcloud_account_id: 'a1' },
      currencyCode: 'USD',
      collectionMode: 'automatic',
    });
    expect(txn.id).toMatch(/^txn_[0-9a-f]{20}$/);
    expect(txn.status).toBe('ready');
    expect(txn.customData).toEqual({ vipcloud_account_id: 'a1' });
    expect(txn.checkout?.url).toBe(`http://127.0.0.1/checkout?_ptxn=${txn.id}`);
    const recorded = fake.transactions.find((t) => t.id === txn.id);
    expect(recorded?.body.custom_data).toEqual({ vipcloud_account_id: 'a1' });
    expect(recorded?.body.items[0].price?.unit_price).toEqual({ amount: '999', currency_code: 'USD' });
  });

  it('creates an adjustment and links an invoice', async () => {
    const adj = await paddle.adjustments.create({
      action: 'refund',
      type: 'full',
      transactionId: 'txn_1',
      reason: 'asked',
    });
    expect(adj).toMatchObject({
      action: 'refund',
      type: 'full',
      transactionId: 'txn_1',
      reason: 'asked',
      status: 'pending_approval',
    });
    expect(fake.adjustments.at(-1)).toEqual({
      id: adj.id,
      body: { action: 'refund', type: 'full', transaction_id: 'txn_1', reason: 'asked' },
    });
    expect((await paddle.transactions.getInvoicePDF('txn_abc')).url).toBe('http://127.0.0.1/invoices/txn_abc.pdf');
  });

  it('answers a wrong key with 403 forbidden, an unknown route with 404, and records nothing', async () => {
    const before = fake.transactions.length;
    const stranger = new Paddle('pdl_test_wrong', { environment: fake.url as Environment });
    const err = await stranger.transactions
      .create({ items: [{ priceId: 'pri_1', quantity: 1 }] })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('forbidden');
    expect(fake.transactions).toHaveLength(before);
    const missing = await fetch(`${fake.url}/customers`, { headers: { authorization: `Bearer ${fake.apiKey}` } });
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { code: 'not_found' } });
  });

  it('refuses a malformed transaction or adjustment with 400', async () => {
    const post = (path: string, body: string): Promise<Response> =>
      fetch(`${fake.url}${path}`, { method: 'POST', headers: { authorization: `Bearer ${fake.apiKey}` }, body });
    expect((await post('/transactions', '{"items":[]}')).status).toBe(400);
    expect((await post('/transactions', 'not json')).status).toBe(400);
    expect((await post('/adjustments', '{"action":"refund"}')).status).toBe(400);
  });

  // The builders carry only the fields the product reads (the full SDK entities want many more).
  it('builds notification envelopes, transactions and adjustments in Paddle’s wire shape', () => {
    const envelope = JSON.parse(paddleEvent('x.y', { a: 1 }, 'evt_fixed', new Date('2026-01-02T03:04:05Z')));
    expect(envelope).toEqual({
      event_id: 'evt_fixed',
      event_type: 'x.y',
      occurred_at: '2026-01-02T03:04:05.000Z',
      notification_id: expect.stringMatching(/^ntf_[0-9a-f]{12}$/),
      data: { a: 1 },
    });
    expect(JSON.parse(paddleEvent('x.y', {})).event_id).toMatch(/^evt_[0-9a-f]{20}$/);
    expect(completedTransaction('txn_1', { a: 'b' }, 1199, 200)).toEqual({
      id: 'txn_1',
      status: 'completed',
      currency_code: 'USD',
      custom_data: { a: 'b' },
      customer_id: 'ctm_1',
      origin: 'web',
      items: [],
      payments: [],
      details: {
        tax_rates_used: [],
        totals: { subtotal: '999', tax: '200', total: '1199', grand_total: '1199', currency_code: 'USD' },
        line_items: [],
      },
    });
    expect(adjustment('adj_1', 'txn_1', 'refund', 'approved', 400)).toEqual({
      id: 'adj_1',
      action: 'refund',
      type: 'partial',
      transaction_id: 'txn_1',
      status: 'approved',
      currency_code: 'USD',
      items: [],
      totals: { subtotal: '400', tax: '0', total: '400', fee: '0', earnings: '0', currency_code: 'USD' },
    });
  });

  it('lists its event log through the SDK: filtered by type, page by page, resuming after an event id', async () => {
    const log = await startFakePaddle();
    try {
      const sdk = new Paddle(log.apiKey, { environment: log.url as Environment });
      const at = new Date('2026-01-02T03:04:05Z');
      log.publish(paddleEvent('transaction.completed', completedTransaction('txn_1', null, 999), 'evt_1', at));
      log.publish(paddleEvent('customer.created', { id: 'ctm_1' }, 'evt_2', at));
      log.publish(
        paddleEvent('adjustment.created', adjustment('adj_1', 'txn_1', 'refund', 'approved', 400), 'evt_3', at),
      );
      log.publish(paddleEvent('transaction.completed', completedTransaction('txn_2', null, 999), 'evt_4', at));
      const types = ['transaction.completed', 'adjustment.created'] as const;
      const pages: string[][] = [];
      const listing = sdk.events.list({ eventType: [...types], perPage: 2, orderBy: 'id[ASC]' });
      while (listing.hasMore) pages.push((await listing.next()).map((e: EventEntity) => e.eventId));
      expect(pages).toEqual([['evt_1', 'evt_3'], ['evt_4']]);
      const first = (await sdk.events.list({ eventType: [...types] }).next())[0];
      expect(first).toMatchObject({
        eventId: 'evt_1',
        eventType: 'transaction.completed',
        occurredAt: at.toISOString(),
      });
      expect(first.data).toMatchObject({ id: 'txn_1', currencyCode: 'USD', details: { totals: { total: '999' } } });
      expect((await sdk.events.list({ after: 'evt_3' }).next()).map((e) => e.eventId)).toEqual(['evt_4']);
      expect(await sdk.events.list({ after: 'evt_4' }).next()).toEqual([]);
      // Asking for more than the largest page gets the largest page, as Paddle answers.
      const capped = await startFakePaddle({ maxPerPage: 1 });
      capped.publish(paddleEvent('customer.created', { id: 'ctm_1' }, 'evt_a', at));
      capped.publish(paddleEvent('customer.created', { id: 'ctm_2' }, 'evt_b', at));
      const one = new Paddle(capped.apiKey, { environment: capped.url as Environment }).events.list({ perPage: 50 });
      expect((await one.next()).map((e) => e.eventId)).toEqual(['evt_a']);
      expect(one.hasMore).toBe(true);
      await capped.close();
      expect(log.eventListings.map((l) => l.after)).toEqual([null, 'evt_3', null, 'evt_3', 'evt_4']);
      expect(log.eventListings[0]).toEqual({ after: null, eventTypes: [...types], perPage: 2 });
    } finally {
      await log.close();
    }
  });
});
