import { Column, Entity, Index, PrimaryColumn } from 'typeorm';

/**
 * One request its owner asked to keep (header `X-VIPCloud-Debug: 1`, with the debug captures consent):
 * its metadata here, its prompt and completion only as AES-256-GCM ciphertext in `debug_capture_chunks`.
 * Deleted by its owner, with the account, or at `expires_at` (DEBUG_CAPTURE_TTL after it was kept).
 */
@Entity({ name: 'debug_captures' })
@Index('idx_debug_captures_account', ['accountId', 'createdAt'])
@Index('idx_debug_captures_expires', ['expiresAt'])
export class DebugCaptureEntity {
  @PrimaryColumn({ type: 'varchar', length: 36 })
  id!: string;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  /** The request's id, as its `X-Request-Id` header and its metadata row name it. */
  @Column({ name: 'request_id', type: 'varchar', length: 64 })
  requestId!: string;

  @Column({ type: 'varchar', length: 128 })
  model!: string;

  /** The key of the key ring (TOKEN_ENCRYPTION_KEYS) that sealed the prompt and the completion. */
  @Column({ name: 'key_id', type: 'varchar', length: 32 })
  keyId!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt!: Date;
}

export type DebugCapturePart = 'prompt' | 'completion';

/**
 * A slice of one sealed part of a capture. A sealed value is ASCII (`v1.<key id>.<iv>.<ciphertext>.<tag>`,
 * base64url) and may be megabytes (a prompt can fill BODY_LIMIT), more than MariaDB's TEXT holds and
 * more than any column type both databases share: it is cut into slices, joined in `seq` order before
 * it is opened. The account and the expiry are repeated so erasure and the TTL purge delete slices by
 * one indexed condition, the same as their capture's.
 */
@Entity({ name: 'debug_capture_chunks' })
@Index('idx_debug_capture_chunks_account', ['accountId'])
@Index('idx_debug_capture_chunks_expires', ['expiresAt'])
export class DebugCaptureChunkEntity {
  @PrimaryColumn({ name: 'capture_id', type: 'varchar', length: 36 })
  captureId!: string;

  @PrimaryColumn({ type: 'varchar', length: 16 })
  part!: DebugCapturePart;

  @PrimaryColumn({ type: 'int' })
  seq!: number;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'expires_at', type: 'datetime' })
  expiresAt!: Date;

  /** Ciphertext (base64url), never plain text. */
  @Column({ type: 'text' })
  sealed!: string;
}
