import { signPaddleBody, verifyPaddleSignature } from './paddle-signature';

describe('Paddle signatures', () => {
  const body = Buffer.from('{"event_id":"evt_1"}');
  const now = 1_800_000_000;

  it('accepts a body signed with any configured secret, within the window', () => {
    expect(verifyPaddleSignature(signPaddleBody(body, 'b', now), body, ['a', 'b'], now * 1000, 300)).toEqual({
      ok: true,
    });
    expect(verifyPaddleSignature(signPaddleBody(body, 'a', now - 299), body, ['a', 'b'], now * 1000, 300)).toEqual({
      ok: true,
    });
  });

  it('accepts a header with several h1 values when one matches (rotation)', () => {
    const good = signPaddleBody(body, 'new', now).split(';h1=')[1];
    const header = `ts=${now};h1=${'0'.repeat(64)};h1=${good}`;
    expect(verifyPaddleSignature(header, body, ['new'], now * 1000, 5)).toEqual({ ok: true });
  });

  it.each([
    ['a missing header', undefined, body],
    ['a malformed header', 'nonsense', body],
    ['a tampered body', signPaddleBody(body, 'a', now), Buffer.from('{"event_id":"evt_2"}')],
    ['a wrong secret', signPaddleBody(body, 'other', now), body],
    ['a stale timestamp', signPaddleBody(body, 'a', now - 301), body],
    ['a timestamp from the future', signPaddleBody(body, 'a', now + 301), body],
    ['a short signature', `ts=${now};h1=abcd`, body],
  ])('refuses %s', (_what, header, raw) => {
    expect(verifyPaddleSignature(header, raw, ['a'], now * 1000, 300).ok).toBe(false);
  });
});
