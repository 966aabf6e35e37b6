import { randomBytes } from 'node:crypto';
import { parseEncryptionKeys, TokenCipher, TokenDecryptionError } from './token-cipher';

const key = (id: string) => ({ id, key: randomBytes(32) });

describe('TokenCipher', () => {
  const k1 = key('k1');
  const k2 = key('k2');

  it('round-trips, with a fresh nonce every time', () => {
    const cipher = new TokenCipher([k1]);
    const a = cipher.encrypt('refresh-token-123', 'identity-1');
    const b = cipher.encrypt('refresh-token-123', 'identity-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('refresh-token-123');
    expect(cipher.decrypt(a, 'identity-1')).toBe('refresh-token-123');
    expect(cipher.keyIdOf(a)).toBe('k1');
  });

  it('writes with the newest key and still reads values sealed by an older one', () => {
    const old = new TokenCipher([k1]).encrypt('secret', 'ctx');
    const rotated = new TokenCipher([k1, k2]);
    expect(rotated.currentKeyId).toBe('k2');
    expect(rotated.decrypt(old, 'ctx')).toBe('secret');
    const resealed = rotated.reencrypt(old, 'ctx');
    expect(rotated.keyIdOf(resealed)).toBe('k2');
    expect(rotated.decrypt(resealed, 'ctx')).toBe('secret');
    expect(rotated.reencrypt(resealed, 'ctx')).toBe(resealed);
  });

  it('fails closed on any tampering, a wrong context, an unknown or removed key', () => {
    const cipher = new TokenCipher([k1, k2]);
    const sealed = cipher.encrypt('secret', 'ctx');
    const parts = sealed.split('.');
    const flip = (s: string) => {
      const buf = Buffer.from(s, 'base64url');
      buf[0] ^= 1;
      return buf.toString('base64url');
    };
    for (const i of [2, 3, 4]) {
      const tampered = [...parts];
      tampered[i] = flip(tampered[i]);
      expect(() => cipher.decrypt(tampered.join('.'), 'ctx')).toThrow(TokenDecryptionError);
    }
    expect(() => cipher.decrypt([parts[0], 'k1', ...parts.slice(2)].join('.'), 'ctx')).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt(sealed, 'other-row')).toThrow(TokenDecryptionError);
    expect(() => new TokenCipher([k1]).decrypt(sealed, 'ctx')).toThrow(TokenDecryptionError);
    expect(() => cipher.decrypt('garbage', 'ctx')).toThrow(TokenDecryptionError);
  });
});

describe('parseEncryptionKeys', () => {
  const b64 = randomBytes(32).toString('base64');

  it('reads id:key pairs, oldest first', () => {
    const keys = parseEncryptionKeys(`old:${b64}, new:${randomBytes(32).toString('base64')}`);
    expect(keys.map((k) => k.id)).toEqual(['old', 'new']);
    expect(keys[0].key).toHaveLength(32);
  });

  it.each([
    [`${b64}`, /id:base64key/],
    [`k:${randomBytes(16).toString('base64')}`, /32 bytes/],
    [`k:${b64},k:${b64}`, /unique/],
  ])('refuses %s', (spec, message) => {
    expect(() => parseEncryptionKeys(spec)).toThrow(message);
  });
});
