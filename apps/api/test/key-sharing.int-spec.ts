/**
 * The key-sharing hint: a key used from many client networks in the last hour becomes one abuse signal per
 * key and hour (how many networks, never which), read from request metadata off the request path.
 */
import { KeySharingDetector, RequestLogRepository } from '@vipcloud/gateway';
import { AppStack, createKey, eventuallyRows, fundedKey, MODES, requestLogRow, startAppContext } from './kit';

describe.each(MODES)('key-sharing hint (%s)', (mode) => {
  let stack: AppStack;

  beforeAll(async () => {
    stack = await startAppContext(mode, { KEY_SHARING_NETWORKS: '5' });
  });
  afterAll(() => stack?.close());

  it('signals a key used from five networks in the hour, once, and not one used from four', async () => {
    const { accountId } = await fundedKey(stack, 0, { prefix: 'sharing' });
    const keys = await stack.dataSource.query('SELECT id FROM api_keys WHERE account_id = ?', [accountId]);
    const shared = keys[0].id as string;
    await createKey(stack, accountId);
    const [{ id: careful }] = await stack.dataSource.query('SELECT id FROM api_keys WHERE account_id = ? AND id <> ?', [
      accountId,
      shared,
    ]);
    const rows = [
      ...[1, 2, 3, 4, 5].map((n) => ({ ...requestLogRow(accountId, shared, 60 * n), clientIp: `198.51.${n}.0/24` })),
      // The same network twice counts once.
      { ...requestLogRow(accountId, shared, 30), clientIp: '198.51.1.0/24' },
      ...[1, 2, 3, 4].map((n) => ({ ...requestLogRow(accountId, careful, 60 * n), clientIp: `203.0.${n}.0/24` })),
      // Older than the hour: not counted.
      { ...requestLogRow(accountId, careful, 2 * 3600), clientIp: '192.0.2.0/24' },
    ];
    await stack.app.get(RequestLogRepository).insertMany(rows);

    const detector = stack.app.get(KeySharingDetector);
    expect(await detector.detect()).toBe(1);
    const signals = await eventuallyRows<{ kind: string; api_key_id: string; detail: string; model: string | null }>(
      stack,
      'SELECT kind, api_key_id, detail, model FROM abuse_signals WHERE account_id = ?',
      [accountId],
    );
    expect(signals).toEqual([{ kind: 'key_sharing', api_key_id: shared, detail: 'networks:5', model: null }]);

    // Run again within the hour: still one signal.
    await detector.detect();
    await stack.settle();
    expect(await stack.dataSource.query('SELECT id FROM abuse_signals WHERE account_id = ?', [accountId])).toHaveLength(
      1,
    );
  });
});
