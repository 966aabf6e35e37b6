/**
 * A caller who stops reading a stream stops the gateway reading the upstream: the gateway holds about a
 * socket buffer and one upstream read, the upstream's own TCP window does the rest, and nothing is lost
 * once the caller reads again — on SQLite and on MariaDB + Redis.
 */
import { request, type IncomingMessage } from 'node:http';
import {
  directive,
  eventually,
  eventuallyRows,
  Fakes,
  Gateway,
  logRow,
  MODES,
  PROVIDER_CASES,
  startFakes,
  startGateway,
} from './kit';

const deepseek = PROVIDER_CASES.filter((c) => c.flavor === 'deepseek');
const MB = 1024 * 1024;
/** 24,000 events of 1,000 characters: a 24 MB answer from a 1 KB request. */
const PIECE = 'abcdefghij'.repeat(100);
const COPIES = 24_000;
/** What the gateway may let through while nobody reads: its buffers, the kernel's, never the whole answer. */
const PAUSED_BOUND = 16 * MB;
/**
 * Short, so that the pause below lasts several idle periods: a slow reader is not an upstream stall.
 * Not shorter: on a loaded machine the reader itself may go a second without a turn.
 */
const IDLE_TIMEOUT_MS = 2_000;

function post(gw: Gateway, body: unknown): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const url = new URL(`${gw.url}/v1/chat/completions`);
    request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname,
        method: 'POST',
        headers: { authorization: `Bearer ${gw.apiKey}`, 'content-type': 'application/json' },
      },
      resolve,
    )
      .on('error', reject)
      .end(JSON.stringify(body));
  });
}

/** Waits until `read` has not changed for `quietMs`, and at least `minMs` in all; returns its last value. */
async function plateau(read: () => number, quietMs: number, minMs: number, maxMs = 20_000): Promise<number> {
  const start = Date.now();
  let last = read();
  let since = Date.now();
  for (;;) {
    await new Promise((r) => setTimeout(r, 50));
    const now = read();
    if (now !== last) {
      last = now;
      since = Date.now();
    }
    const elapsed = Date.now() - start;
    if ((Date.now() - since >= quietMs && elapsed >= minMs) || elapsed >= maxMs) return now;
  }
}

function readAll(res: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let text = '';
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => (text += chunk));
    res.on('end', () => resolve(text));
    res.on('error', reject);
    res.resume();
  });
}

describe.each(MODES)('stream backpressure (%s)', (mode) => {
  let fakes: Fakes;
  let gw: Gateway;

  beforeAll(async () => {
    fakes = await startFakes(deepseek);
    gw = await startGateway(mode, { ...fakes.env, UPSTREAM_IDLE_TIMEOUT_MS: String(IDLE_TIMEOUT_MS) });
  });
  afterAll(async () => {
    await gw?.close();
    await fakes?.close();
  });

  it('stops pulling the upstream while the caller does not read, then delivers the whole answer', async () => {
    const fake = fakes.byFlavor.get('deepseek');
    if (!fake) throw new Error('no deepseek fake');
    fake.reset();
    const prompt = `big ${directive('reply', PIECE)} ${directive('chunks', 1)} ${directive('repeat', COPIES)}`;
    const res = await post(gw, {
      model: 'deepseek-flash',
      messages: [{ role: 'user', content: prompt }],
      stream: true,
    });
    try {
      expect(res.statusCode).toBe(200);
      // Nobody reads: the client's small buffer fills, then its socket stops reading.
      res.pause();
      const paused = await plateau(() => fake.streamedBytes, 700, 2.5 * IDLE_TIMEOUT_MS);
      expect(paused).toBeGreaterThan(0);
      expect(paused).toBeLessThan(PAUSED_BOUND);
      // Still open: neither finished (the answer is far from sent) nor cut by the idle timer.
      expect(fake.openStreams).toBe(1);

      const text = await readAll(res);
      const data = text
        .split('\n\n')
        .filter((block) => block.startsWith('data: '))
        .map((block) => block.slice('data: '.length));
      expect(data[data.length - 1]).toBe('[DONE]');
      const content = data
        .slice(0, -1)
        .map((d) => (JSON.parse(d) as { choices: Array<{ delta: { content?: string | null } }> }).choices)
        .map((choices) => choices[0]?.delta.content ?? '')
        .join('');
      expect(content.length).toBe(PIECE.length * COPIES);
      expect(content).toBe(PIECE.repeat(COPIES));
      expect(fake.streamedBytes).toBeGreaterThan(PIECE.length * COPIES);

      // Metered and billed like any other answer: the upstream's usage, charged once.
      const id = res.headers['x-request-id'] as string;
      const row = await logRow(gw, id);
      expect(row['status']).toBe(200);
      expect(row['usage_source']).toBe('upstream');
      expect(Number(row['output_tokens'])).toBe(Math.ceil((PIECE.length * COPIES) / 4));
      const cost = Number(row['cost_micros']);
      expect(cost).toBeGreaterThan(0);
      // Settled once; the charge is in the account's usage aggregate of the hour.
      const settled = await eventuallyRows<{ request_id: string }>(
        gw,
        'SELECT request_id FROM credit_settlements WHERE request_id = ?',
        [id],
      );
      expect(settled).toHaveLength(1);
      await eventually(async () => fake.openStreams === 0);
    } finally {
      res.destroy();
    }
  }, 60_000);
});
