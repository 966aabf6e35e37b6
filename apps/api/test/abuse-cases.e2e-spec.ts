/**
 * Abuse reports and cases: anyone may report (throttled); a report opens a case; support reads the file,
 * notes and decides, each action audited; suspending a key or an account stops it on another instance at
 * once; the owner sees signals and decisions, never who reported; nobody else sees or acts on a case; a
 * closed case's file is gone 90 days later.
 */
import request from 'supertest';
import { AbuseCasesRetention } from '@vipcloud/abuse';
import {
  count,
  eventually,
  Fakes,
  fundedKey,
  Gateway,
  graphql,
  MODES,
  PROVIDER_CASES,
  signedInAccount,
  SignedIn,
  signIn,
  startFakes,
  startGateway,
} from './kit';

const REPORT = `mutation($input: ReportAbuseInput!) { reportAbuse(input: $input) { reference receivedAt } }`;
const QUEUE = `query($status: AbuseCaseStatus) { abuseCases(status: $status) { id accountId apiKeyId reason status decision } }`;
const FILE = `query($id: ID!) { abuseCase(id: $id) {
  case { id status decision closedAt }
  events { actor action note }
  reports { category description reportedKeyPrefix reporterContact }
  signals { kind detail }
} }`;
const DECIDE = `mutation($input: DecideAbuseCaseInput!) { decideAbuseCase(input: $input) {
  case { status decision } events { actor action note }
} }`;
const NOTE = `mutation($id: ID!, $note: String!) { addAbuseCaseNote(caseId: $id, note: $note) { events { action note } } }`;
const RECORD = `{ myAbuseRecord { signals { kind detail apiKeyId } decisions { decision decidedAt } } }`;

describe.each(MODES)('abuse reports and cases (%s)', (mode) => {
  let fakes: Fakes;
  let gw: Gateway;
  let other: Gateway;
  let support: SignedIn;

  beforeAll(async () => {
    fakes = await startFakes(PROVIDER_CASES.filter((c) => c.flavor === 'deepseek'));
    const env = { ...fakes.env, THROTTLE_REPORTS_PER_HOUR: '1000000' };
    gw = await startGateway(mode, env);
    other = gw.databaseUrl
      ? await startGateway(mode, { ...env, DATABASE_URL: gw.databaseUrl, REDIS_KEY_PREFIX: gw.redisPrefix })
      : gw;
    support = await signedInAccount(gw, { prefix: 'support', role: 'support' });
  });
  afterAll(async () => {
    if (other !== gw) await other?.close();
    await gw?.close();
    await fakes?.close();
  });

  const gql = (token: string | null, query: string, variables?: Record<string, unknown>) =>
    graphql(gw, token)(query, variables);
  const complete = (url: string, key: string) =>
    request(url)
      .post('/v1/chat/completions')
      .set('authorization', `Bearer ${key}`)
      .send({ model: 'deepseek-flash', max_tokens: 8, messages: [{ role: 'user', content: 'hi' }] });

  /** An account with a key, reported by a stranger: the case it opens. */
  async function reportedAccount(category = 'spam') {
    const { key, accountId } = await fundedKey(gw, 1_000_000_000, { prefix: 'reported' });
    const prefix = key.slice(0, 11);
    const [row] = await gw.dataSource.query('SELECT id FROM api_keys WHERE prefix = ?', [prefix]);
    const res = await gql(null, REPORT, {
      input: { category, description: 'This key sends spam through your service.', keyPrefix: prefix },
    });
    expect(res.body.errors).toBeUndefined();
    const queue = await gql(support.token, QUEUE);
    const kase = queue.body.data.abuseCases.find((c: { apiKeyId: string }) => c.apiKeyId === row.id);
    return { key, prefix, accountId, keyId: row.id as string, caseId: kase.id as string };
  }

  it('takes a report from anyone, opens a case, and gives the owner a signal with the category only', async () => {
    const { key, accountId } = await fundedKey(gw, 1_000_000_000, { prefix: 'owner' });
    const owner = await signIn(gw, accountId);
    const res = await gql(null, REPORT, {
      input: {
        category: 'fraud',
        description: 'Someone uses this key to run a phishing bot.',
        keyPrefix: key.slice(0, 11),
        contact: 'Reporter <reporter@example.org>',
      },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.reportAbuse.reference).toMatch(/^[0-9a-f-]{36}$/);

    const queue = await gql(support.token, QUEUE);
    const kase = queue.body.data.abuseCases.find((c: { accountId: string }) => c.accountId === accountId);
    expect(kase).toMatchObject({ reason: 'report', status: 'open', decision: null });
    const file = await gql(support.token, FILE, { id: kase.id });
    expect(file.body.data.abuseCase.reports).toEqual([
      {
        category: 'fraud',
        description: 'Someone uses this key to run a phishing bot.',
        reportedKeyPrefix: key.slice(0, 11),
        reporterContact: 'Reporter <reporter@example.org>',
      },
    ]);
    expect(file.body.data.abuseCase.events).toEqual([{ actor: 'system', action: 'opened', note: null }]);

    // The owner sees that a report was made, and its category; never the report, nor who sent it.
    const record = await eventually(async () => {
      const r = await gql(owner.token, RECORD);
      return r.body.data.myAbuseRecord.signals.length > 0 && r;
    });
    expect(record.body.data.myAbuseRecord).toEqual({
      signals: [{ kind: 'report', detail: 'category:fraud', apiKeyId: expect.any(String) }],
      decisions: [],
    });
    expect(JSON.stringify(record.body)).not.toMatch(/reporter|phishing/i);
  });

  it('refuses a report it cannot use, with the field at fault, and opens nothing', async () => {
    const before = await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM abuse_cases');
    for (const [input, sentence] of [
      [{ category: 'bad', description: 'Long enough description.' }, /^The category must be one of spam, fraud/],
      [{ category: 'spam', description: 'short' }, /^Describe what happened in 10 to 2,000 characters\.$/],
      [
        { category: 'spam', description: 'Long enough description.', keyPrefix: 'vc-' + 'x'.repeat(48) },
        /never send a whole key/,
      ],
    ] as const) {
      const res = await gql(null, REPORT, { input });
      expect(res.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', reason: 'invalid_value' });
      expect(res.body.errors[0].message).toMatch(sentence);
    }
    expect(await count(gw.dataSource, 'SELECT COUNT(*) AS n FROM abuse_cases')).toBe(before);
  });

  it('suspends a key on the other instance at once, audits who did it, and lets no one decide twice', async () => {
    const { key, caseId } = await reportedAccount();
    expect((await complete(other.url, key)).status).toBe(200);
    const noted = await gql(support.token, NOTE, { id: caseId, note: 'Checked the traffic: it is spam.' });
    expect(noted.body.data.addAbuseCaseNote.events.at(-1)).toEqual({
      action: 'note',
      note: 'Checked the traffic: it is spam.',
    });

    const decided = await gql(support.token, DECIDE, {
      input: { caseId, decision: 'suspend_key', note: 'Key revoked.' },
    });
    expect(decided.body.errors).toBeUndefined();
    expect(decided.body.data.decideAbuseCase.case).toEqual({ status: 'closed', decision: 'suspend_key' });
    expect(decided.body.data.decideAbuseCase.events.at(-1)).toEqual({
      actor: `operator:${support.accountId}`,
      action: 'suspend_key',
      note: 'Key revoked.',
    });
    // Well within 5 seconds: the other instance refuses the key on the next request.
    const started = Date.now();
    await eventually(async () => (await complete(other.url, key)).status === 401, 5_000);
    expect(Date.now() - started).toBeLessThan(5_000);

    const again = await gql(support.token, DECIDE, { input: { caseId, decision: 'dismiss' } });
    expect(again.body.errors[0].extensions).toMatchObject({ code: 'CONFLICT', reason: 'case_closed' });
  });

  it('suspends an account: its keys and sessions stop everywhere, and its owner sees the decision', async () => {
    const { key, accountId, caseId } = await reportedAccount('malware');
    const owner = await signIn(gw, accountId);
    const decided = await gql(support.token, DECIDE, { input: { caseId, decision: 'suspend_account' } });
    expect(decided.body.errors).toBeUndefined();
    await eventually(async () => (await complete(other.url, key)).status === 403, 5_000);
    const res = await complete(other.url, key);
    expect(res.body.error).toMatchObject({ code: 'account_inactive' });
    // Its sessions ended: the owner must sign in again (and sees the decision then, in the portal).
    const me = await graphql(other, owner.token)('{ me { id } }');
    expect(me.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const rows = await gw.dataSource.query('SELECT decision FROM abuse_cases WHERE id = ?', [caseId]);
    expect(rows).toEqual([{ decision: 'suspend_account' }]);
  });

  it('shows a case to support only: every other signed-in user is FORBIDDEN on every support operation', async () => {
    const { caseId } = await reportedAccount();
    const user = await signedInAccount(gw, { prefix: 'curious' });
    for (const [query, variables] of [
      [QUEUE, {}],
      [FILE, { id: caseId }],
      [NOTE, { id: caseId, note: 'mine now' }],
      [DECIDE, { input: { caseId, decision: 'dismiss' } }],
    ] as const) {
      const res = await gql(user.token, query, variables);
      expect(res.body.errors[0].extensions.code).toBe('FORBIDDEN');
    }
    const signedOut = await gql(null, QUEUE);
    expect(signedOut.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    const file = await gql(support.token, FILE, { id: caseId });
    expect(file.body.data.abuseCase.case.status).toBe('open');
    expect(file.body.data.abuseCase.events).toHaveLength(1);
  });

  it('deletes a closed case file 90 days after it closed, and keeps open ones', async () => {
    const closed = await reportedAccount();
    const open = await reportedAccount();
    await gql(support.token, DECIDE, { input: { caseId: closed.caseId, decision: 'warn' } });
    const old = new Date(Date.now() - 91 * 24 * 3600_000);
    const stamp = mode === 'sqlite' ? old.toISOString().replace('T', ' ').replace('Z', '') : old;
    await gw.dataSource.query('UPDATE abuse_cases SET closed_at = ? WHERE id = ?', [stamp, closed.caseId]);
    expect(await gw.app.get(AbuseCasesRetention).purge()).toBeGreaterThanOrEqual(1);
    for (const table of ['abuse_cases', 'abuse_case_events', 'abuse_reports']) {
      const column = table === 'abuse_cases' ? 'id' : 'case_id';
      expect(
        await count(gw.dataSource, `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, [closed.caseId]),
      ).toBe(0);
      expect(
        await count(gw.dataSource, `SELECT COUNT(*) AS n FROM ${table} WHERE ${column} = ?`, [open.caseId]),
      ).toBeGreaterThan(0);
    }
  });
});
