import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { AppError } from '../errors/app-error';

const VERSION = 'v1';
const IV_BYTES = 12;
const TAG_BYTES = 16;
const KEY_BYTES = 32;

export interface EncryptionKey {
  readonly id: string;
  readonly key: Buffer;
}

/** A stored secret that cannot be read: wrong key, unknown key id, or tampered with. */
export class TokenDecryptionError extends AppError {
  constructor() {
    super({
      status: 500,
      type: 'api_error',
      code: 'token_unreadable',
      message: 'A stored credential could not be decrypted.',
    });
  }
}

/** Parses `TOKEN_ENCRYPTION_KEYS`: `id:base64key` pairs, comma-separated, oldest first. */
export function parseEncryptionKeys(spec: string): EncryptionKey[] {
  const keys = spec
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
    .map((entry) => {
      const at = entry.indexOf(':');
      const id = entry.slice(0, at);
      if (at <= 0 || !/^[a-z0-9-]{1,32}$/i.test(id))
        throw new Error(`key "${entry.slice(0, 8)}…" needs the form id:base64key`);
      const key = Buffer.from(entry.slice(at + 1), 'base64');
      if (key.length !== KEY_BYTES) throw new Error(`key ${id} must be ${KEY_BYTES} bytes (base64 of 32 random bytes)`);
      return { id, key };
    });
  if (new Set(keys.map((k) => k.id)).size !== keys.length) throw new Error('key ids must be unique');
  return keys;
}

/**
 * AES-256-GCM for secrets we must be able to read back (OAuth refresh tokens). Each value carries
 * the id of the key that sealed it, so keys can rotate: new values use the newest key, old ones
 * stay readable until re-encrypted. `context` (e.g. the owning row's id) is authenticated too, so
 * a ciphertext moved to another row does not decrypt. Anything altered fails closed.
 */
export class TokenCipher {
  private readonly byId: Map<string, Buffer>;
  private readonly current: EncryptionKey;

  constructor(keys: readonly EncryptionKey[]) {
    if (keys.length === 0) throw new Error('at least one encryption key is required');
    this.byId = new Map(keys.map((k) => [k.id, k.key]));
    this.current = keys[keys.length - 1];
  }

  get currentKeyId(): string {
    return this.current.id;
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(this.aad(this.current.id, context));
    const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    return [
      VERSION,
      this.current.id,
      iv.toString('base64url'),
      body.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
    ].join('.');
  }

  decrypt(sealed: string, context: string): string {
    const parts = sealed.split('.');
    if (parts.length !== 5 || parts[0] !== VERSION) throw new TokenDecryptionError();
    const [, keyId, iv, body, tag] = parts;
    const key = this.byId.get(keyId);
    if (!key) throw new TokenDecryptionError();
    try {
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(this.aad(keyId, context));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8');
    } catch {
      throw new TokenDecryptionError();
    }
  }

  /** The key id a sealed value names, without decrypting it. */
  keyIdOf(sealed: string): string | null {
    const parts = sealed.split('.');
    return parts.length === 5 && parts[0] === VERSION ? parts[1] : null;
  }

  /** Re-seals a value under the newest key (for the rotation command); unchanged if already so. */
  reencrypt(sealed: string, context: string): string {
    return this.keyIdOf(sealed) === this.current.id ? sealed : this.encrypt(this.decrypt(sealed, context), context);
  }

  private aad(keyId: string, context: string): Buffer {
    return Buffer.from(`${VERSION}\u0000${keyId}\u0000${context}`, 'utf8');
  }
}
