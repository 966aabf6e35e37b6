/**
 * Buying credits through Paddle: packs, checkout, signed notifications applied exactly once,
 * refunds in any order, chargebacks into arrears, operator refunds, receipts, alerts and the
 * life of billing records — on both databases, with notifications spread over two instances.
 */
import { randomBytes } from 'node:crypto';
import { BillingRecordsService, LedgerService, PaymentsService, signPaddleBody } from '@vipcloud/billing';
import request from 'supertest';
import { adjustment, completedTransaction, FakePaddle, paddleEvent, startFakePaddle } from '@vipcloud/fake-paddle';
import {
  createKey,
  deliverPaddle as deliver,
  Fakes,
  Gateway,
  graphql,
  MODES,
  PROVIDER_CASES,
  signedInAccount,
  signIn,
  startFakes,
  startGateway,
} from './kit';

const OLD_SECRET = 'pdl_ntfset_old_0123456789';
const NEW_SECRET = 'pdl_ntfset_new_9876543210';

describe.each(MODES)('credit packs and payments (%s)', (mode) => {
  let paddle: FakePaddle;
  let fakes: Fakes;
  let gw: Gateway;
  let other: Gateway;
  let adminToken: string;
  let packId: string;

  beforeAll(async () => {
    paddle = await startFakePaddle();
    fakes = await startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek'));
    const env = {
      ...fakes.env,
      PADDLE_API_KEY: paddle.apiKey,
      PADDLE_API_URL: paddle.url,
      PADDLE_WEBHOOK_SECRETS: `${OLD_SECRET},${NEW_SECRET}`,
    };
    gw = await startGateway(mode, env);
    other = gw.databaseUrl ? await startGateway(mode, { ...env, DATABASE_URL: gw.databaseUrl }) : gw;
    adminToken = (await signedInAccount(gw, { prefix: 'admin', role: 'admin' })).token;
    const created = await gql(
      adminToken,
      'mutation($i: CreditPackInput!) { createCreditPack(input: $i) { id name credits price currency active } }',
      {
        i: { name: 'Starter', credits: '10.00', price: '9.99', currency: 'USD' },
      },
    );
    packId = created.body.data.createCreditPack.id;
  });
  afterAll(async () => {
    if (other !== gw) await other?.close();
    await gw?.close();
    await fakes?.close();
    await paddle?.close();
  });

  const gql = (token: string | null, query: string, variables?: Record<string, unknown>) =>
    graphql(gw, token)(query, variables);

  async function owner(): Promise<{ id: string; token: string }> {
    const buyer = await signedInAccount(gw, { prefix: 'buyer' });
    return { id: buyer.accountId, token: buyer.token };
  }

  const balance = (accountId: string) => gw.app.get(LedgerService).balance(accountId);
  const CHECKOUT = 'mutation($p: ID!) { startCheckout(packId: $p) { purchaseId transactionId checkoutUrl } }';

  async function checkout(token: string): Promise<{ purchaseId: string; transactionId: string }> {
    const res = await gql(token, CHECKOUT, { p: packId });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.startCheckout;
  }

  const customData = (accountId: string, purchaseId: string) => ({
    vipcloud_account_id: accountId,
    vipcloud_purchase_id: purchaseId,
    vipcloud_pack_id: packId,
  });

  it('admins put packs on sale, owners see them and check out with their account in the transaction', async () => {
    const buyer = await owner();
    const refused = await gql(
      buyer.token,
      'mutation { createCreditPack(input: { name: "x", credits: "1", price: "1", currency: "USD" }) { id } }',
    );
    expect(refused.body.errors[0].extensions.code).toBe('FORBIDDEN');
    const bad = await gql(
      adminToken,
      'mutation { createCreditPack(input: { name: "Euro", credits: "1", price: "1", currency: "EUR" }) { id } }',
    );
    expect(bad.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const badPrice = await gql(
      adminToken,
      'mutation { createCreditPack(input: { name: "Yuan", credits: "1", price: "1.999", currency: "CNY" }) { id } }',
    );
    expect(badPrice.body.errors[0].extensions.code).toBe('BAD_USER_INPUT');
    const cny = await gql(
      adminToken,
      'mutation { createCreditPack(input: { name: "入门", credits: "10", price: "72.00", currency: "CNY" }) { id price currency } }',
    );
    expect(cny.body.data.createCreditPack).toMatchObject({ price: '72.00', currency: 'CNY' });

    const packs = await gql(null, '{ creditPacks { id name credits price currency } }');
    expect(packs.body.data.creditPacks).toEqual(
      expect.arrayContaining([{ id: packId, name: 'Starter', credits: '10.000000', price: '9.99', currency: 'USD' }]),
    );

    const started = await checkout(buyer.token);
    expect(started.transactionId).toMatch(/^txn_/);
    const sent = paddle.transactions.find((t) => t.id === started.transactionId)?.body;
    expect(sent?.custom_data).toEqual(customData(buyer.id, started.purchaseId));
    expect(sent?.items[0].price?.unit_price).toEqual({ amount: '999', currency_code: 'USD' });

    const mine = await gql(buyer.token, '{ myPurchases { purchases { id status packName amount currency } } }');
    expect(mine.body.data.myPurchases.purchases).toEqual([
      { id: started.purchaseId, status: 'pending', packName: 'Starter', amount: '9.99', currency: 'USD' },
    ]);
    // A pack taken off sale cannot be bought; a stranger's purchase is not found; unpaid has no receipt.
    const hidden = await gql(
      adminToken,
      'mutation($id: ID!) { updateCreditPack(id: $id, input: { active: false }) { active } }',
      { id: cny.body.data.createCreditPack.id },
    );
    expect(hidden.body.data.updateCreditPack.active).toBe(false);
    expect(
      (await gql(buyer.token, CHECKOUT, { p: cny.body.data.createCreditPack.id })).body.errors[0].extensions.code,
    ).toBe('NOT_FOUND');
    const stranger = await owner();
    expect(
      (await gql(stranger.token, 'query($id: ID!) { purchase(id: $id) { id } }', { id: started.purchaseId })).body
        .errors[0].extensions.code,
    ).toBe('NOT_FOUND');
    expect(
      (await gql(buyer.token, 'query($id: ID!) { receipt(purchaseId: $id) { number } }', { id: started.purchaseId }))
        .body.errors[0].extensions.code,
    ).toBe('CONFLICT');
  });

  it('grants a completed transaction once, however often and concurrently it is delivered, to either instance', async () => {
    const buyer = await owner();
    const { purchaseId, transactionId } = await checkout(buyer.token);
    const body = paddleEvent(
      'transaction.completed',
      completedTransaction(transactionId, customData(buyer.id, purchaseId), 1199, 200),
    );
    // API traffic at the same time: its writes must survive the duplicates' refused transactions.
    const traffic = Array.from({ length: 10 }, () =>
      request(gw.url)
        .post('/v1/chat/completions')
        .set('authorization', `Bearer ${gw.apiKey}`)
        .send({ model: 'deepseek-flash', max_tokens: 10, messages: [{ role: 'user', content: 'hi' }] }),
    );
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => deliver((i % 2 ? other : gw).url, body, i % 3 ? NEW_SECRET : OLD_SECRET)),
    );
    const answered = await Promise.all(traffic);
    expect(answered.map((r) => r.status)).toEqual(Array(10).fill(200));
    await gw.settle();
    for (const r of answered)
      expect(
        await gw.dataSource.query('SELECT id FROM request_logs WHERE id = ?', [r.headers['x-request-id']]),
      ).toHaveLength(1);
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    expect(results.filter((r) => r.body.outcome === 'applied')).toHaveLength(1);
    // The same completion under another event id grants nothing either.
    const again = await deliver(
      gw.url,
      paddleEvent(
        'transaction.completed',
        completedTransaction(transactionId, customData(buyer.id, purchaseId), 1199, 200),
      ),
      NEW_SECRET,
    );
    expect(again.body.outcome).toBe('duplicate');
    expect(await balance(buyer.id)).toBe(10_000_000);
    const entries = await gw.dataSource.query('SELECT kind, amount_micros FROM ledger_entries WHERE account_id = ?', [
      buyer.id,
    ]);
    expect(entries.map((e: any) => [e.kind, Number(e.amount_micros)])).toEqual([['purchase', 10_000_000]]);

    const receipt = await gql(
      buyer.token,
      'query($id: ID!) { receipt(purchaseId: $id) { number seller credits subtotal tax total currency processorTransactionId status invoiceUrl } }',
      { id: purchaseId },
    );
    expect(receipt.body.data.receipt).toMatchObject({
      credits: '10.000000',
      subtotal: '9.99',
      tax: '2.00',
      total: '11.99',
      currency: 'USD',
      processorTransactionId: transactionId,
      status: 'completed',
    });
    expect(receipt.body.data.receipt.number).toMatch(/^VC-\d{8}-[0-9A-F]{8}$/);
    expect(receipt.body.data.receipt.invoiceUrl).toContain(transactionId);
    const bal = await gql(buyer.token, '{ creditBalance { balance held available } }');
    expect(bal.body.data.creditBalance).toEqual({ balance: '10.000000', held: '0.000000', available: '10.000000' });
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('refuses a tampered body, a wrong secret, a stale or missing signature with 400, and changes nothing', async () => {
    const buyer = await owner();
    const { purchaseId, transactionId } = await checkout(buyer.token);
    const body = paddleEvent(
      'transaction.completed',
      completedTransaction(transactionId, customData(buyer.id, purchaseId), 999),
    );
    const tampered = body.replace('"999"', '"99900"');
    const now = Math.floor(Date.now() / 1000);
    const attempts = [
      request(gw.url)
        .post('/webhooks/paddle')
        .set('content-type', 'application/json')
        .set('paddle-signature', signPaddleBody(body, NEW_SECRET, now))
        .send(tampered),
      deliver(gw.url, body, 'pdl_ntfset_someone_else'),
      deliver(gw.url, body, NEW_SECRET, now - 3600),
      deliver(gw.url, body, NEW_SECRET, now + 3600),
      request(gw.url).post('/webhooks/paddle').set('content-type', 'application/json').send(body),
      request(gw.url)
        .post('/webhooks/paddle')
        .set('content-type', 'application/json')
        .set('paddle-signature', 'ts=abc;h1=zz')
        .send(body),
    ];
    for (const res of await Promise.all(attempts)) {
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('invalid_signature');
    }
    // A correctly signed body that is not a notification is refused as well.
    expect((await deliver(gw.url, '{"hello":1}', NEW_SECRET)).body.error.code).toBe('invalid_notification');
    expect(await balance(buyer.id)).toBe(0);
    expect(
      await gw.dataSource.query('SELECT event_id FROM payment_events WHERE transaction_id = ?', [transactionId]),
    ).toEqual([]);
  });

  it('a refund that arrives before its completion ends in the same balance, in every order', async () => {
    const orders = [
      [0, 1, 2],
      [0, 2, 1],
      [1, 0, 2],
      [1, 2, 0],
      [2, 0, 1],
      [2, 1, 0],
    ];
    const finals: number[] = [];
    for (const order of orders) {
      const buyer = await owner();
      const { purchaseId, transactionId } = await checkout(buyer.token);
      const adj = `adj_${randomBytes(6).toString('hex')}`;
      const events = [
        paddleEvent(
          'transaction.completed',
          completedTransaction(transactionId, customData(buyer.id, purchaseId), 1000),
        ),
        paddleEvent('adjustment.created', adjustment(adj, transactionId, 'refund', 'pending_approval', 400)),
        paddleEvent('adjustment.updated', adjustment(adj, transactionId, 'refund', 'approved', 400)),
      ];
      for (const i of order)
        expect((await deliver(i % 2 ? other.url : gw.url, events[i], NEW_SECRET)).status).toBe(200);
      finals.push(await balance(buyer.id));
      const [row] = await gw.dataSource.query('SELECT status FROM purchases WHERE id = ?', [purchaseId]);
      expect(row.status).toBe('partially_refunded');
    }
    // 40% of the money back takes 40% of the credits back.
    expect(finals).toEqual(Array(orders.length).fill(6_000_000));
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('a completion racing its refund on another instance ends in the same balance, every time', async () => {
    for (let round = 0; round < 6; round++) {
      const buyer = await owner();
      const { purchaseId, transactionId } = await checkout(buyer.token);
      const completed = paddleEvent(
        'transaction.completed',
        completedTransaction(transactionId, customData(buyer.id, purchaseId), 1000),
      );
      const refunded = paddleEvent(
        'adjustment.updated',
        adjustment(`adj_${randomBytes(6).toString('hex')}`, transactionId, 'refund', 'approved', 500),
      );
      const [a, b] = round % 2 ? [completed, refunded] : [refunded, completed];
      const results = await Promise.all([deliver(gw.url, a, NEW_SECRET), deliver(other.url, b, NEW_SECRET)]);
      expect(results.map((r) => r.status)).toEqual([200, 200]);
      expect(await balance(buyer.id)).toBe(5_000_000);
      expect(
        await gw.dataSource.query(
          "SELECT event_id FROM payment_events WHERE transaction_id = ? AND status = 'deferred'",
          [transactionId],
        ),
      ).toEqual([]);
    }
  });

  it('grants nothing when the money does not match the pack: less paid, another currency', async () => {
    for (const [total, currency] of [
      [500, 'USD'],
      [999, 'CNY'],
    ] as const) {
      const buyer = await owner();
      const { purchaseId, transactionId } = await checkout(buyer.token);
      const res = await deliver(
        gw.url,
        paddleEvent(
          'transaction.completed',
          completedTransaction(transactionId, customData(buyer.id, purchaseId), total, 0, currency),
        ),
        NEW_SECRET,
      );
      expect(res.body.outcome).toBe('mismatch');
      expect(await balance(buyer.id)).toBe(0);
      const [row] = await gw.dataSource.query('SELECT status FROM purchases WHERE id = ?', [purchaseId]);
      expect(row.status).toBe('pending');
    }
  });

  it('a transaction started in Paddle with our custom data grants only for an existing account that paid the price', async () => {
    const buyer = await owner();
    const paidInFull = `txn_${randomBytes(8).toString('hex')}`;
    const copied = { vipcloud_account_id: buyer.id, vipcloud_pack_id: packId };
    expect(
      (
        await deliver(
          gw.url,
          paddleEvent('transaction.completed', completedTransaction(paidInFull, copied, 999)),
          NEW_SECRET,
        )
      ).body.outcome,
    ).toBe('applied');
    expect(await balance(buyer.id)).toBe(10_000_000);
    // The cheap trick: a low price with the dear pack's id in the custom data.
    const cheap = `txn_${randomBytes(8).toString('hex')}`;
    expect(
      (await deliver(gw.url, paddleEvent('transaction.completed', completedTransaction(cheap, copied, 1)), NEW_SECRET))
        .body.outcome,
    ).toBe('mismatch');
    const nobody = `txn_${randomBytes(8).toString('hex')}`;
    const stranger = { vipcloud_account_id: '00000000-0000-4000-8000-000000000000', vipcloud_pack_id: packId };
    expect(
      (
        await deliver(
          gw.url,
          paddleEvent('transaction.completed', completedTransaction(nobody, stranger, 999)),
          NEW_SECRET,
        )
      ).body.outcome,
    ).toBe('ignored');
    expect(await balance(buyer.id)).toBe(10_000_000);
    expect(
      await gw.dataSource.query('SELECT id FROM purchases WHERE processor_transaction_id IN (?, ?)', [cheap, nobody]),
    ).toHaveLength(1);
  });

  it('a chargeback reversal gives back what the chargeback took, never what a refund took', async () => {
    const buyer = await owner();
    const { purchaseId, transactionId } = await checkout(buyer.token);
    const send = (body: string) => deliver(gw.url, body, NEW_SECRET);
    await send(
      paddleEvent('transaction.completed', completedTransaction(transactionId, customData(buyer.id, purchaseId), 1000)),
    );
    await send(paddleEvent('adjustment.updated', adjustment('adj_r1', transactionId, 'refund', 'approved', 400)));
    expect(await balance(buyer.id)).toBe(6_000_000);
    // A reversal that arrives before its chargeback waits for it.
    expect(
      (
        await send(
          paddleEvent(
            'adjustment.created',
            adjustment('adj_cbr', transactionId, 'chargeback_reverse', 'approved', 1000, 'full'),
          ),
        )
      ).body.outcome,
    ).toBe('deferred');
    expect(await balance(buyer.id)).toBe(6_000_000);
    await send(
      paddleEvent('adjustment.created', adjustment('adj_cb', transactionId, 'chargeback', 'approved', 1000, 'full')),
    );
    expect(await balance(buyer.id)).toBe(6_000_000);
    const [row] = await gw.dataSource.query(
      'SELECT status, credits_reversed_micros, credits_charged_back_micros FROM purchases WHERE id = ?',
      [purchaseId],
    );
    expect(row.status).toBe('partially_refunded');
    expect(Number(row.credits_reversed_micros)).toBe(4_000_000);
    expect(Number(row.credits_charged_back_micros)).toBe(0);
    const kinds = await gw.dataSource.query(
      'SELECT kind, amount_micros FROM ledger_entries WHERE account_id = ? ORDER BY seq',
      [buyer.id],
    );
    expect(kinds.map((k: any) => [k.kind, Number(k.amount_micros)])).toEqual([
      ['purchase', 10_000_000],
      ['refund', -4_000_000],
      ['chargeback', -6_000_000],
      ['reversal', 6_000_000],
    ]);
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('a chargeback after the credits were spent goes negative and stops the keys until settled', async () => {
    const buyer = await owner();
    const { purchaseId, transactionId } = await checkout(buyer.token);
    await deliver(
      gw.url,
      paddleEvent('transaction.completed', completedTransaction(transactionId, customData(buyer.id, purchaseId), 999)),
      NEW_SECRET,
    );
    const ledger = gw.app.get(LedgerService);
    await ledger.adjust({
      accountId: buyer.id,
      amountMicros: -7_000_000,
      reason: 'spent (test)',
      actor: 'system',
      idempotencyKey: `spend-${buyer.id}`,
    });
    const secret = await createKey(gw, buyer.id, { name: 'k' });
    const ask = () =>
      request(gw.url)
        .post('/v1/chat/completions')
        .set('authorization', `Bearer ${secret}`)
        .send({ model: 'deepseek-flash', max_tokens: 20, messages: [{ role: 'user', content: 'hi' }] });
    expect((await ask()).status).toBe(200);

    await deliver(
      gw.url,
      paddleEvent(
        'adjustment.created',
        adjustment(`adj_${randomBytes(6).toString('hex')}`, transactionId, 'chargeback', 'approved', 999, 'full'),
      ),
      NEW_SECRET,
    );
    const after = await balance(buyer.id);
    // 10 bought, 7 and one request spent, then all 10 taken back.
    expect(after).toBeLessThanOrEqual(-7_000_000);
    expect(after).toBeGreaterThan(-7_100_000);
    const stopped = await ask();
    expect(stopped.status).toBe(402);
    expect(stopped.body.error).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    expect(stopped.body.error.message).toMatch(/paused until/);

    await ledger.adjust({
      accountId: buyer.id,
      amountMicros: -after + 1_000_000,
      reason: 'settled the chargeback',
      actor: 'operator:test',
      idempotencyKey: `settle-${buyer.id}`,
    });
    expect((await ask()).status).toBe(200);
    const [row] = await gw.dataSource.query('SELECT status FROM purchases WHERE id = ?', [purchaseId]);
    expect(row.status).toBe('charged_back');
  });

  it('operators refund a purchase through the processor; the credits go when it confirms', async () => {
    const buyer = await owner();
    const { purchaseId, transactionId } = await checkout(buyer.token);
    const REFUND =
      'mutation($id: ID!) { refundPurchase(purchaseId: $id, reason: "customer asked") { id status refundRequestedAt } }';
    expect((await gql(adminToken, REFUND, { id: purchaseId })).body.errors[0].extensions.code).toBe('CONFLICT'); // not paid yet
    await deliver(
      gw.url,
      paddleEvent('transaction.completed', completedTransaction(transactionId, customData(buyer.id, purchaseId), 999)),
      NEW_SECRET,
    );
    expect((await gql(buyer.token, REFUND, { id: purchaseId })).body.errors[0].extensions.code).toBe('FORBIDDEN');
    const requested = await gql(adminToken, REFUND, { id: purchaseId });
    expect(requested.body.data.refundPurchase.refundRequestedAt).toBeTruthy();
    expect((await gql(adminToken, REFUND, { id: purchaseId })).body.errors[0].extensions.code).toBe('CONFLICT');
    let asked = paddle.adjustments.filter((a) => a.body.transaction_id === transactionId);
    expect(asked).toHaveLength(1);
    expect(asked[0].body).toMatchObject({ action: 'refund', type: 'full', reason: 'customer asked' });
    // Another refund's rejection (one the customer asked Paddle for) leaves ours open.
    await deliver(
      gw.url,
      paddleEvent(
        'adjustment.updated',
        adjustment('adj_someone_else', transactionId, 'refund', 'rejected', 999, 'full'),
      ),
      NEW_SECRET,
    );
    expect((await gql(adminToken, REFUND, { id: purchaseId })).body.errors[0].extensions.code).toBe('CONFLICT');
    // Paddle turns ours down; the refund can then be asked again.
    await deliver(
      gw.url,
      paddleEvent('adjustment.updated', adjustment(asked[0].id, transactionId, 'refund', 'rejected', 999, 'full')),
      NEW_SECRET,
    );
    expect((await gql(adminToken, REFUND, { id: purchaseId })).body.data.refundPurchase.refundRequestedAt).toBeTruthy();
    asked = paddle.adjustments.filter((a) => a.body.transaction_id === transactionId).slice(1);
    expect(asked).toHaveLength(1);
    expect(await balance(buyer.id)).toBe(10_000_000); // nothing moves until Paddle confirms

    await deliver(
      gw.url,
      paddleEvent('adjustment.updated', adjustment(asked[0].id, transactionId, 'refund', 'approved', 999, 'full')),
      NEW_SECRET,
    );
    expect(await balance(buyer.id)).toBe(0);
    const receipt = await gql(buyer.token, 'query($id: ID!) { receipt(purchaseId: $id) { status } }', {
      id: purchaseId,
    });
    expect(receipt.body.data.receipt.status).toBe('refunded');
    const ledger = await gql(
      buyer.token,
      '{ ledgerEntries(first: 1) { entries { kind amount balanceAfter } nextCursor } }',
    );
    expect(ledger.body.data.ledgerEntries.entries).toEqual([
      { kind: 'refund', amount: '-10.000000', balanceAfter: '0.000000' },
    ]);
    const page2 = await gql(
      buyer.token,
      'query($a: ID) { ledgerEntries(first: 1, after: $a) { entries { kind } nextCursor } }',
      { a: ledger.body.data.ledgerEntries.nextCursor },
    );
    expect(page2.body.data.ledgerEntries.entries).toEqual([{ kind: 'purchase' }]);
  });

  it('operators grant credits once per idempotency key and refuse the key for a different grant', async () => {
    const buyer = await owner();
    const ADJUST = 'mutation($i: AdjustCreditsInput!) { adjustCredits(input: $i) { amount balanceAfter } }';
    const input = { accountId: buyer.id, amount: '5.5', reason: 'goodwill', idempotencyKey: `grant-${buyer.id}` };
    const [a, b] = await Promise.all([gql(adminToken, ADJUST, { i: input }), gql(adminToken, ADJUST, { i: input })]);
    expect(a.body.data.adjustCredits).toEqual({ amount: '5.500000', balanceAfter: '5.500000' });
    expect(b.body.data.adjustCredits).toEqual(a.body.data.adjustCredits);
    expect((await gql(adminToken, ADJUST, { i: { ...input, amount: '6' } })).body.errors[0].extensions.code).toBe(
      'CONFLICT',
    );
    expect(
      (await gql(adminToken, ADJUST, { i: { ...input, amount: '1.2345678', idempotencyKey: 'another-key-1' } })).body
        .errors[0].extensions.code,
    ).toBe('BAD_USER_INPUT');
    expect(await balance(buyer.id)).toBe(5_500_000);
  });

  it('sends one low-balance email per crossing of the owner’s threshold', async () => {
    const buyer = await owner();
    const ledger = gw.app.get(LedgerService);
    const move = (amount: number, key: string) =>
      ledger.adjust({
        accountId: buyer.id,
        amountMicros: amount,
        reason: 'test',
        actor: 'system',
        idempotencyKey: `${key}-${buyer.id}`,
      });
    await move(10_000_000, 'fund');
    const set = await gql(buyer.token, 'mutation { setLowBalanceAlert(threshold: "5") { threshold } }');
    expect(set.body.data.setLowBalanceAlert.threshold).toBe('5.000000');
    expect(
      (await gql(buyer.token, 'mutation { setLowBalanceAlert(threshold: "-1") { threshold } }')).body.errors[0]
        .extensions.code,
    ).toBe('BAD_USER_INPUT');
    const emails = () =>
      gw.jobs.filter((j) => j.queue === 'notifications.email' && j.payload['accountId'] === buyer.id);
    await move(-4_000_000, 'down-1'); // 6: still above
    expect(emails()).toHaveLength(0);
    await move(-2_000_000, 'down-2'); // 4: crossed
    await move(-1_000_000, 'down-3'); // 3: still under, no second email
    expect(emails()).toHaveLength(1);
    expect(emails()[0].payload).toMatchObject({
      template: 'low-balance',
      balanceMicros: 4_000_000,
      thresholdMicros: 5_000_000,
    });
    expect(JSON.stringify(emails())).not.toContain('@example.com');
    await move(5_000_000, 'up-1'); // 8: re-armed
    await move(-4_000_000, 'down-4'); // 4: crossed again
    expect(emails()).toHaveLength(2);
    expect((await gql(buyer.token, '{ lowBalanceAlert { threshold } }')).body.data.lowBalanceAlert.threshold).toBe(
      '5.000000',
    );
  });

  it('billing records outlive the account under a pseudonym and are deleted after seven years', async () => {
    const buyer = await owner();
    const { purchaseId, transactionId } = await checkout(buyer.token);
    await deliver(
      gw.url,
      paddleEvent('transaction.completed', completedTransaction(transactionId, customData(buyer.id, purchaseId), 999)),
      NEW_SECRET,
    );
    const records = gw.app.get(BillingRecordsService);
    const pseudonym = await records.pseudonymiseAccount(buyer.id);
    for (const table of ['purchases', 'ledger_entries', 'credit_balances', 'credit_alerts', 'credit_holds']) {
      expect(await gw.dataSource.query(`SELECT * FROM ${table} WHERE account_id = ?`, [buyer.id])).toEqual([]);
    }
    const [kept] = await gw.dataSource.query('SELECT * FROM purchases WHERE id = ?', [purchaseId]);
    expect(kept).toMatchObject({
      account_id: pseudonym,
      processor_transaction_id: transactionId,
      pack_name: 'Starter',
    });
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);

    // Eight years on (backdated rows), the records go; younger ones stay.
    const old = new Date(Date.now() - 8 * 366 * 24 * 3600_000);
    const stamp = mode === 'sqlite' ? old.toISOString().replace('T', ' ').replace('Z', '') : old;
    await gw.dataSource.query('UPDATE purchases SET created_at = ? WHERE id = ?', [stamp, purchaseId]);
    await gw.dataSource.query('UPDATE payment_events SET received_at = ? WHERE transaction_id = ?', [
      stamp,
      transactionId,
    ]);
    await gw.dataSource.query('UPDATE ledger_entries SET created_at = ? WHERE account_id = ?', [stamp, pseudonym]);
    const recent = await checkout((await owner()).token);
    const purged = await records.purgeExpired();
    expect(purged).toMatchObject({ purchases: 1, events: 1, closedAccounts: 1 });
    expect(await gw.dataSource.query('SELECT id FROM purchases WHERE id = ?', [purchaseId])).toEqual([]);
    expect(await gw.dataSource.query('SELECT * FROM credit_balances WHERE account_id = ?', [pseudonym])).toEqual([]);
    expect(await gw.dataSource.query('SELECT id FROM purchases WHERE id = ?', [recent.purchaseId])).toHaveLength(1);
    expect(await gw.app.get(LedgerService).reconcile()).toEqual([]);
  });

  it('bounds the unfinished checkouts an account may start', async () => {
    const buyer = await owner();
    for (let i = 0; i < 20; i++) await checkout(buyer.token);
    const res = await gql(buyer.token, CHECKOUT, { p: packId });
    expect(res.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', reason: 'too_many_checkouts' });
  });

  it('keeps to the bound when checkouts start at the same time', async () => {
    const buyer = await owner();
    const answers = await Promise.all(Array.from({ length: 30 }, () => gql(buyer.token, CHECKOUT, { p: packId })));
    const started = answers.filter((a) => !a.body.errors);
    expect(started).toHaveLength(20);
    for (const refused of answers.filter((a) => a.body.errors))
      expect(refused.body.errors[0].extensions).toMatchObject({ reason: 'too_many_checkouts' });
    const rows: Array<{ processor_transaction_id: string }> = await gw.dataSource.query(
      "SELECT processor_transaction_id FROM purchases WHERE account_id = ? AND status = 'pending'",
      [buyer.id],
    );
    // Every slot taken carries the processor's transaction: none is left without one.
    expect(rows).toHaveLength(20);
    expect(rows.filter((r) => r.processor_transaction_id.startsWith('unstarted:'))).toEqual([]);
  });

  it('answers 503 for a checkout when no processor is configured', async () => {
    const bare = await startGateway(mode, gw.databaseUrl ? { DATABASE_URL: gw.databaseUrl } : {});
    try {
      const { token } = await signIn(bare, bare.accountId);
      expect(bare.app.get(PaymentsService).checkoutAvailable).toBe(false);
      const res = await graphql(bare, token)(CHECKOUT, { p: packId });
      expect(res.body.errors[0].extensions.reason).toBe('payments_unavailable');
      expect((await deliver(bare.url, paddleEvent('transaction.completed', {}), NEW_SECRET)).status).toBe(400);
    } finally {
      await bare.close();
    }
  });
});
