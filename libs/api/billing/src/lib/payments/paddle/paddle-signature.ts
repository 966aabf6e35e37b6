import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = { ok: true } | { ok: false; why: string };

/**
 * Checks a `Paddle-Signature` header (`ts=<unix seconds>;h1=<hex HMAC-SHA256(secret, ts + ":" + body)>`)
 * against the raw body. Written here rather than taken from the SDK's `isSignatureValid` because
 * that one fixes the tolerance at 5 s against the wall clock, compares with `===` and takes one
 * secret: we need a configurable window on the injected clock, a constant-time comparison, and
 * every secret (and every h1) accepted while a secret is being rotated.
 */
export function verifyPaddleSignature(
  header: string | undefined,
  rawBody: Buffer,
  secrets: readonly string[],
  nowMs: number,
  toleranceSeconds: number,
): SignatureCheck {
  if (!header) return { ok: false, why: 'the Paddle-Signature header is missing' };
  let ts: number | null = null;
  const signatures: Buffer[] = [];
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 'ts' && /^\d{1,12}$/.test(value)) ts = Number(value);
    else if (key === 'h1' && /^[0-9a-f]{64}$/i.test(value)) signatures.push(Buffer.from(value, 'hex'));
  }
  if (ts === null || signatures.length === 0) return { ok: false, why: 'the Paddle-Signature header is malformed' };
  if (Math.abs(nowMs / 1000 - ts) > toleranceSeconds)
    return { ok: false, why: 'the signature timestamp is outside the accepted window' };
  for (const secret of secrets) {
    const expected = createHmac('sha256', secret).update(`${ts}:`).update(rawBody).digest();
    if (signatures.some((s) => timingSafeEqual(s, expected))) return { ok: true };
  }
  return { ok: false, why: 'no configured secret produced this signature' };
}

/** Signs a body the way Paddle does (tests, and tools that replay notifications). */
export function signPaddleBody(rawBody: string | Buffer, secret: string, tsSeconds: number): string {
  const h1 = createHmac('sha256', secret).update(`${tsSeconds}:`).update(rawBody).digest('hex');
  return `ts=${tsSeconds};h1=${h1}`;
}
