import { randomUUID } from 'node:crypto';
import { Injectable, Logger, OnModuleDestroy } from '@nestjs/common';
import { Clock, TokenCipher, TokenDecryptionError } from '@vipcloud/platform';
import { ConsentsService } from '../consents/consents.service';
import { DebugCapturePart, DebugCaptureChunkEntity, DebugCaptureEntity } from './debug-capture.entity';
import { DebugCapturesConfig, InjectDebugCapturesConfig } from './debug-captures.config';
import { DebugCapturesRepository } from './debug-captures.repository';

/** What the gateway hands over once an answer has ended: text held in memory until sealed here. */
export interface DebugCaptureInput {
  accountId: string;
  requestId: string;
  model: string;
  /** The request's messages, as JSON. */
  prompt: string;
  /** The answer's text, whole or assembled from the stream. */
  completion: string;
}

/** A capture opened for its owner. */
export interface OpenedDebugCapture {
  id: string;
  requestId: string;
  model: string;
  createdAt: Date;
  expiresAt: Date;
  prompt: string;
  completion: string;
}

/**
 * Sealed values are ASCII; MariaDB's TEXT holds 65,535 bytes. Slices stay well below, whatever the
 * text's language (sealing turns any UTF-8 into base64url first).
 */
const SLICE_CHARS = 60_000;
/** The portal shows the newest captures; older ones still count, can be deleted, and expire. */
export const MAX_LISTED_CAPTURES = 100;
const UNREADABLE = '[This capture can no longer be decrypted: the key that sealed it has been removed.]';

/**
 * Debug captures: the one case (besides an abuse case) where prompt and completion text is kept. Only
 * for an account that consents, only for a request that asked (`X-VIPCloud-Debug: 1`), sealed with
 * AES-256-GCM under the platform's key ring (TOKEN_ENCRYPTION_KEYS) before it reaches the database,
 * opened only for its owner, deleted by them or after DEBUG_CAPTURE_TTL.
 */
@Injectable()
export class DebugCapturesService implements OnModuleDestroy {
  private readonly logger = new Logger('DebugCaptures');
  /** Captures being sealed and written: an instance that stops lets them finish before its pool closes. */
  private readonly pending = new Set<Promise<boolean>>();

  constructor(
    private readonly captures: DebugCapturesRepository,
    private readonly consents: ConsentsService,
    private readonly cipher: TokenCipher,
    private readonly clock: Clock,
    @InjectDebugCapturesConfig() private readonly config: DebugCapturesConfig,
  ) {}

  /**
   * Whether a request that asked for a capture gets one: the account's consent, read from the database
   * now (a withdrawal counts on the next request, on every instance). Only asked for requests carrying
   * the debug header, so the API's other requests never pay for this read.
   */
  admits(accountId: string): Promise<boolean> {
    return this.consents.isGranted(accountId, 'debug_captures');
  }

  /**
   * Seals and keeps one request's prompt and completion. The consent is read again: a withdrawal made
   * while the answer was running stops this capture too. Returns whether it was kept.
   */
  record(input: DebugCaptureInput): Promise<boolean> {
    const work = this.keep(input);
    this.pending.add(work);
    const done = (): void => void this.pending.delete(work);
    work.then(done, done);
    return work;
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.allSettled([...this.pending]);
  }

  private async keep(input: DebugCaptureInput): Promise<boolean> {
    if (!(await this.admits(input.accountId))) return false;
    const now = this.clock.now();
    const capture = Object.assign(new DebugCaptureEntity(), {
      id: randomUUID(),
      accountId: input.accountId,
      requestId: input.requestId.slice(0, 64),
      model: input.model.slice(0, 128),
      keyId: this.cipher.currentKeyId,
      createdAt: now,
      expiresAt: new Date(now.getTime() + this.config.ttlMs),
    });
    const chunks = [
      ...this.seal(capture, 'prompt', input.prompt),
      ...this.seal(capture, 'completion', input.completion),
    ];
    await this.captures.insert(capture, chunks);
    return true;
  }

  /** The account's captures, newest first (at most MAX_LISTED_CAPTURES), opened. */
  async listOwn(accountId: string): Promise<OpenedDebugCapture[]> {
    const rows = await this.captures.listOf(accountId, MAX_LISTED_CAPTURES);
    const chunks = await this.captures.chunksOf(
      accountId,
      rows.map((r) => r.id),
    );
    const sealed = new Map<string, string>();
    for (const c of chunks) {
      const key = `${c.captureId}/${c.part}`;
      sealed.set(key, (sealed.get(key) ?? '') + c.sealed);
    }
    return rows.map((r) => ({
      id: r.id,
      requestId: r.requestId,
      model: r.model,
      createdAt: r.createdAt,
      expiresAt: r.expiresAt,
      prompt: this.open(r, 'prompt', sealed.get(`${r.id}/prompt`)),
      completion: this.open(r, 'completion', sealed.get(`${r.id}/completion`)),
    }));
  }

  /** The account's captures without their text (nothing is decrypted), newest first. */
  listMetadata(accountId: string, limit: number): Promise<DebugCaptureEntity[]> {
    return this.captures.listOf(accountId, limit);
  }

  countOwn(accountId: string): Promise<number> {
    return this.captures.countOf(accountId);
  }

  /** Deletes one of the account's captures; false if the account has no capture of that id. */
  deleteOne(accountId: string, id: string): Promise<boolean> {
    return this.captures.deleteOne(accountId, id);
  }

  /** Deletes every capture of the account; returns how many. */
  deleteAll(accountId: string): Promise<number> {
    return this.captures.deleteAllOf(accountId);
  }

  /** Deletes the captures past their expiry; returns how many. */
  deleteExpired(): Promise<number> {
    return this.captures.deleteExpired(this.clock.now());
  }

  private seal(capture: DebugCaptureEntity, part: DebugCapturePart, text: string): DebugCaptureChunkEntity[] {
    const sealed = this.cipher.encrypt(text, context(capture, part));
    const out: DebugCaptureChunkEntity[] = [];
    for (let seq = 0, at = 0; at < sealed.length || seq === 0; seq++, at += SLICE_CHARS) {
      out.push(
        Object.assign(new DebugCaptureChunkEntity(), {
          captureId: capture.id,
          part,
          seq,
          accountId: capture.accountId,
          expiresAt: capture.expiresAt,
          sealed: sealed.slice(at, at + SLICE_CHARS),
        }),
      );
    }
    return out;
  }

  private open(capture: DebugCaptureEntity, part: DebugCapturePart, sealed: string | undefined): string {
    try {
      if (sealed === undefined) throw new TokenDecryptionError();
      return this.cipher.decrypt(sealed, context(capture, part));
    } catch (err) {
      if (!(err instanceof TokenDecryptionError)) throw err;
      this.logger.warn(`debug capture ${capture.id} could not be decrypted (key ${capture.keyId})`);
      return UNREADABLE;
    }
  }
}

/** Binds each ciphertext to its account, capture and part: moved to another row, it does not open. */
function context(capture: DebugCaptureEntity, part: DebugCapturePart): string {
  return `debug-capture:${capture.accountId}:${capture.id}:${part}`;
}
