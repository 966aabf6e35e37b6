/**
 * Debug captures (privacy policy §2): a request sent with `X-VIPCloud-Debug: 1` by an account that
 * consents keeps its prompt and completion, encrypted, for its owner alone, until they delete it or its
 * TTL passes. Without the header or the consent nothing is kept, and the answer says which it was.
 */
import { randomBytes } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DebugCapturesRetention } from '@vipcloud/privacy';
import OpenAI from 'openai';
import {
  count,
  createKey,
  daysAgo,
  directive,
  dumpDatabase,
  dumpRedis,
  eventually,
  Fakes,
  fundAccount,
  Gateway,
  graphql,
  MODES,
  PROVIDER_CASES,
  readLog,
  signedInAccount,
  startFakes,
  startGateway,
} from './kit';

const CAPTURES = '{ myDebugCaptures { id requestId model createdAt expiresAt prompt completion } }';
const SET_CONSENT = 'mutation($granted: Boolean!) { setConsent(kind: DEBUG_CAPTURES, granted: $granted) { granted } }';

interface Capture {
  id: string;
  requestId: string;
  model: string;
  createdAt: string;
  expiresAt: string;
  prompt: string;
  completion: string;
}

interface User {
  accountId: string;
  /** The portal session's cookie value. */
  session: string;
  key: string;
}

interface Answer {
  text: string;
  requestId: string;
  /** The X-VIPCloud-Debug-Capture header. */
  capture: string | null;
}

const DAY_MS = 24 * 3600_000;

describe.each(MODES)('debug captures (%s)', (mode) => {
  let fakes: Fakes;
  let gw: Gateway;
  /** A second instance on the same database and Redis (the embedded SQLite mode is a single instance). */
  let other: Gateway;

  beforeAll(async () => {
    fakes = await startFakes();
    gw = await startGateway(mode, fakes.env);
    other = gw.databaseUrl ? await startGateway(mode, { ...fakes.env, DATABASE_URL: gw.databaseUrl }) : gw;
  });
  afterAll(async () => {
    if (other !== gw) await other?.close();
    await gw?.close();
    await fakes?.close();
  });

  const newUser = async (prefix: string): Promise<User> => {
    const signed = await signedInAccount(gw, { prefix });
    await fundAccount(gw, signed.accountId, 100_000_000);
    return { accountId: signed.accountId, session: signed.token, key: await createKey(gw, signed.accountId) };
  };

  const setConsent = async (user: User, granted: boolean, target: Gateway = gw): Promise<void> => {
    const res = await graphql(target, user.session)(SET_CONSENT, { granted });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.setConsent.granted).toBe(granted);
  };

  const capturesOf = async (user: User, target: Gateway = gw): Promise<Capture[]> => {
    const res = await graphql(target, user.session)(CAPTURES);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.myDebugCaptures as Capture[];
  };

  /** One chat completion through the official SDK, with or without the debug header, whole or streamed. */
  const ask = async (
    user: User,
    text: string,
    { debug = true, stream = false, model = 'deepseek-flash', target = gw } = {},
  ): Promise<Answer> => {
    const client = new OpenAI({ apiKey: user.key, baseURL: `${target.url}/v1`, maxRetries: 0 });
    const headers = debug ? { 'X-VIPCloud-Debug': '1' } : {};
    const messages = [
      { role: 'system' as const, content: 'Be brief.' },
      { role: 'user' as const, content: text },
    ];
    if (stream) {
      const { data, response } = await client.chat.completions
        .create({ model, messages, stream: true, stream_options: { include_usage: true } }, { headers })
        .withResponse();
      let streamed = '';
      for await (const chunk of data) streamed += chunk.choices[0]?.delta.content ?? '';
      return {
        text: streamed,
        requestId: String(response.headers.get('x-request-id')),
        capture: response.headers.get('x-vipcloud-debug-capture'),
      };
    }
    const { data, response } = await client.chat.completions.create({ model, messages }, { headers }).withResponse();
    return {
      text: data.choices[0].message.content ?? '',
      requestId: String(response.headers.get('x-request-id')),
      capture: response.headers.get('x-vipcloud-debug-capture'),
    };
  };

  /** A prompt whose every part is unique: the marker the caller sends and the one the fake answers. */
  const markers = (): { prompt: string; reply: string; text: string } => {
    const prompt = `DEBUGPROMPT${randomBytes(8).toString('hex')}`;
    const reply = `DEBUGREPLY${randomBytes(8).toString('hex')}`;
    return { prompt, reply, text: `Look at ${prompt} ${directive('reply', `Answer ${reply}`)}` };
  };

  /** Every place text could rest: the database (rows, and SQLite's file bytes), logs, job payloads, Redis. */
  const everywhere = async (): Promise<string> => {
    for (const stack of new Set([gw, other])) await stack.settle();
    const parts = [await dumpDatabase(gw.dataSource), readLog(gw), readLog(other), JSON.stringify(gw.jobs)];
    parts.push(JSON.stringify(other.jobs));
    if (mode === 'sqlite') {
      // The file itself, its WAL included: a row deleted or not yet checkpointed still has bytes there.
      for (const file of readdirSync(gw.dataDir).filter((f) => f.startsWith('vipcloud.sqlite')))
        parts.push(readFileSync(join(gw.dataDir, file)).toString('latin1'));
    } else {
      parts.push(await dumpRedis(gw.redisPrefix));
    }
    return parts.join('\n');
  };

  const rowsOf = (accountId: string): Promise<number> =>
    count(gw.dataSource, 'SELECT COUNT(*) AS n FROM debug_captures WHERE account_id = ?', [accountId]);

  it('keeps a consenting account’s debug request, encrypted, for its owner alone', async () => {
    const owner = await newUser('debug-owner');
    const stranger = await newUser('debug-stranger');
    await setConsent(owner, true);
    await setConsent(stranger, true);
    const sent: Array<{ prompt: string; reply: string; requestId: string; model: string }> = [];
    for (const { model } of PROVIDER_CASES) {
      for (const stream of [false, true]) {
        const m = markers();
        const answer = await ask(owner, m.text, { model, stream });
        expect(answer.text).toContain(m.reply);
        expect(answer.capture).toBe('kept');
        sent.push({ ...m, requestId: answer.requestId, model });
      }
    }

    const kept = await eventually(async () => {
      const list = await capturesOf(owner);
      return list.length === sent.length && list;
    });
    for (const s of sent) {
      const capture = kept.find((c) => c.requestId === s.requestId);
      expect(capture).toMatchObject({ model: s.model });
      expect(JSON.parse(capture?.prompt ?? '[]')).toEqual([
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: expect.stringContaining(s.prompt) },
      ]);
      expect(capture?.completion).toContain(`Answer ${s.reply}`);
      const ttl = Date.parse(capture?.expiresAt ?? '') - Date.parse(capture?.createdAt ?? '');
      expect(ttl).toBe(7 * DAY_MS);
    }
    // Another account sees none of them, on either instance.
    expect(await capturesOf(stranger)).toEqual([]);
    expect(await capturesOf(stranger, other)).toEqual([]);
    expect((await capturesOf(owner, other)).length).toBe(sent.length);
    // Signed out, nothing.
    expect((await graphql(gw)(CAPTURES)).body.errors[0].extensions.code).toBe('UNAUTHENTICATED');

    // At rest: ciphertext under a key of the key ring, never the text.
    const rows: Array<{ key_id: string }> = await gw.dataSource.query(
      'SELECT key_id FROM debug_captures WHERE account_id = ?',
      [owner.accountId],
    );
    expect(rows.length).toBe(sent.length);
    expect(rows.every((r) => r.key_id.length > 0)).toBe(true);
    const chunks: Array<{ sealed: string }> = await gw.dataSource.query(
      'SELECT sealed FROM debug_capture_chunks WHERE account_id = ?',
      [owner.accountId],
    );
    expect(chunks.length).toBeGreaterThanOrEqual(sent.length * 2);
    expect(chunks.every((c) => c.sealed.startsWith(`v1.${rows[0].key_id}.`))).toBe(true);

    const scanned = await everywhere();
    expect(readLog(gw).length).toBeGreaterThan(0);
    for (const s of sent) {
      expect(scanned).not.toContain(s.prompt);
      expect(scanned).not.toContain(s.reply);
    }
  });

  it('keeps a prompt larger than one database column holds, whole', async () => {
    const user = await newUser('debug-large');
    await setConsent(user, true);
    const m = markers();
    // 3 bytes a character in UTF-8: about 600 KB once sealed, well past MariaDB's 64 KB TEXT.
    const text = `${m.text} ${'汉字'.repeat(100_000)} end`;
    const answer = await ask(user, text, { stream: true });
    expect(answer.capture).toBe('kept');
    const [capture] = await eventually(async () => {
      const list = await capturesOf(user);
      return list.length === 1 && list;
    });
    expect(JSON.parse(capture.prompt)[1].content).toBe(text);
    expect(capture.completion).toContain(m.reply);
    expect(
      await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM debug_capture_chunks WHERE capture_id = ?', [capture.id]),
    ).toBeGreaterThan(5);
  });

  it('keeps nothing without the consent or without the header, and says so', async () => {
    const refuser = await newUser('debug-refuser');
    const consenting = await newUser('debug-consenting');
    await setConsent(consenting, true);
    const sent: string[] = [];
    const cases: Array<[User, boolean, boolean]> = [
      [refuser, true, false],
      [refuser, true, true],
      [consenting, false, false],
      [consenting, false, true],
    ];
    for (const [user, debug, stream] of cases) {
      const m = markers();
      const answer = await ask(user, m.text, { debug, stream });
      expect(answer.text).toContain(m.reply);
      expect(answer.capture).toBe('not-kept');
      sent.push(m.prompt, m.reply);
    }
    // The upstream did receive the text: the scan below would otherwise prove nothing.
    expect(JSON.stringify(fakes.byFlavor.get('deepseek')?.requests.map((r) => r.body))).toContain(sent[0]);
    // Whatever was to be written (request rows, settlements) has been.
    await eventually(async () => {
      await gw.settle();
      return (
        (await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM request_logs WHERE account_id IN (?, ?)', [
          refuser.accountId,
          consenting.accountId,
        ])) === cases.length
      );
    });
    expect(await capturesOf(refuser)).toEqual([]);
    expect(await capturesOf(consenting)).toEqual([]);
    expect(await rowsOf(refuser.accountId)).toBe(0);
    expect(await rowsOf(consenting.accountId)).toBe(0);
    const scanned = await everywhere();
    for (const marker of sent) expect(scanned).not.toContain(marker);
  });

  it('stops capturing on the next request once consent is withdrawn, on every instance', async () => {
    const user = await newUser('debug-withdraw');
    await setConsent(user, true);
    expect((await ask(user, markers().text, { target: other })).capture).toBe('kept');
    await eventually(async () => (await rowsOf(user.accountId)) === 1);

    // Withdrawn on one instance, the other one's very next request keeps nothing.
    await setConsent(user, false, gw);
    const after = markers();
    const answer = await ask(user, after.text, { target: other, stream: true });
    expect(answer.text).toContain(after.reply);
    expect(answer.capture).toBe('not-kept');
    expect((await ask(user, markers().text, { target: gw })).capture).toBe('not-kept');
    await other.settle();
    expect(await rowsOf(user.accountId)).toBe(1);
    expect((await capturesOf(user)).map((c) => c.prompt).join()).not.toContain(after.prompt);
    // Granted again, captured again.
    await setConsent(user, true, other);
    expect((await ask(user, markers().text, { target: gw })).capture).toBe('kept');
    await eventually(async () => (await rowsOf(user.accountId)) === 2);
  });

  it('deletes one capture, then all of them, for their owner only', async () => {
    const owner = await newUser('debug-deleter');
    const stranger = await newUser('debug-intruder');
    await setConsent(owner, true);
    for (let i = 0; i < 3; i++) await ask(owner, markers().text, { stream: i === 1 });
    const kept = await eventually(async () => {
      const list = await capturesOf(owner);
      return list.length === 3 && list;
    });

    const DELETE_ONE = 'mutation($id: ID!) { deleteDebugCapture(id: $id) }';
    const DELETE_ALL = 'mutation { deleteAllDebugCaptures }';
    // Someone else's id deletes nothing.
    expect((await graphql(gw, stranger.session)(DELETE_ONE, { id: kept[0].id })).body.data.deleteDebugCapture).toBe(
      false,
    );
    expect((await graphql(gw, stranger.session)(DELETE_ALL)).body.data.deleteAllDebugCaptures).toBe(0);
    expect(await rowsOf(owner.accountId)).toBe(3);

    expect((await graphql(gw, owner.session)(DELETE_ONE, { id: kept[0].id })).body.data.deleteDebugCapture).toBe(true);
    expect((await graphql(gw, owner.session)(DELETE_ONE, { id: kept[0].id })).body.data.deleteDebugCapture).toBe(false);
    expect((await capturesOf(owner)).map((c) => c.id).sort()).toEqual([kept[1].id, kept[2].id].sort());
    expect(
      await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM debug_capture_chunks WHERE capture_id = ?', [kept[0].id]),
    ).toBe(0);

    expect((await graphql(other, owner.session)(DELETE_ALL)).body.data.deleteAllDebugCaptures).toBe(2);
    expect(await capturesOf(owner)).toEqual([]);
    expect(await rowsOf(owner.accountId)).toBe(0);
    expect(
      await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM debug_capture_chunks WHERE account_id = ?', [
        owner.accountId,
      ]),
    ).toBe(0);
  });

  it('deletes captures once their TTL has passed, and a second run deletes nothing more', async () => {
    const user = await newUser('debug-ttl');
    await setConsent(user, true);
    // Kept 8 days ago (gone), 6 days ago (stays: the TTL is 7 days) and now (stays).
    const keptAt = async (days: number): Promise<string> => {
      const m = markers();
      const before = await rowsOf(user.accountId);
      // The capture is sealed just after the answer ends: wait for it while the clock still says `days` ago.
      await daysAgo(gw, days, async () => {
        expect((await ask(user, m.text)).capture).toBe('kept');
        await eventually(async () => (await rowsOf(user.accountId)) === before + 1);
      });
      return m.prompt;
    };
    const old = await keptAt(8);
    const recent = await keptAt(6);
    const m = markers();
    await ask(user, m.text);
    await eventually(async () => (await rowsOf(user.accountId)) === 3);

    const retention = gw.app.get(DebugCapturesRetention);
    expect(retention.kind).toBe('privacy.debug-captures');
    expect(await retention.purge()).toBe(1);
    expect(await retention.purge()).toBe(0);
    const left = (await capturesOf(user)).map((c) => c.prompt).join('\n');
    expect(left).not.toContain(old);
    expect(left).toContain(recent);
    expect(left).toContain(m.prompt);
    expect(await rowsOf(user.accountId)).toBe(2);
    // Their sealed slices went with them.
    expect(
      await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM debug_capture_chunks WHERE account_id = ?', [
        user.accountId,
      ]),
    ).toBe(4);
  });
});
