import {
  closeSync,
  existsSync,
  fdatasyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  writeSync,
} from 'node:fs';
import { type FileHandle, open, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { Inject, Injectable, Logger, OnApplicationShutdown, OnModuleInit, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { AppConfig, REDIS, SharedStore } from '@vipcloud/platform';
import type { BatchSettlement } from '../ledger/ledger.repository';

/**
 * A request's settlement that could not be written when it ended: ids and numbers only (never
 * the request's content), enough to charge it later exactly as it would have been charged then: what a
 * batch settles, less the lease (only the instance that admitted the request knows it).
 */
export type PendingSettlement = Omit<BatchSettlement, 'leaseId'>;

/** The shared-store map holding the outbox: one field per request id. */
const OUTBOX_MAP = 'billing:settlement-outbox';
const JOURNAL_FILE = 'settlement-outbox.jsonl';
/** The running journal is rewritten from what is pending once this much has been appended. */
const COMPACT_AT_BYTES = 4 * 1024 * 1024;

type JournalLine = { add: PendingSettlement } | { done: string };

/**
 * Settlements not yet committed, kept outside the database: every request's settlement is written
 * here when the request ends and removed once its batch has committed, so an answer that was
 * delivered is charged even if this instance dies or the database refuses writes meanwhile.
 *
 * - With Redis (REDIS_URL set) the outbox is a map in the shared store: every instance reads it,
 *   so when the instance that wrote an entry dies, another drains it (Redis's own persistence is
 *   the deployment's durability for it, as for the job queue).
 * - The embedded default has no Redis: the memory store dies with the process, so every change is
 *   also appended (and fsynced, once for all the settlements of one turn of the event loop) to a
 *   small journal under DATA_DIR, replayed into the memory store at start-up. Not the SQLite file:
 *   a locked or full database is exactly when the outbox is needed. Appends only, so a crash
 *   mid-write loses at most the last lines; the journal is compacted at start-up and whenever it
 *   has grown past a few MB (by a rename), and emptied whenever nothing is pending. It stays open
 *   between writes (one append handle), so a group costs a write and an fsync, not an open and a
 *   close besides. Embedded
 *   mode is one process per DATA_DIR: a second process sharing it only sees entries present when
 *   it started.
 */
@Injectable()
export class SettlementOutbox implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('SettlementOutbox');
  /** The journal's path, or null with Redis. */
  private readonly journal: string | null;

  constructor(
    private readonly store: SharedStore,
    config: AppConfig,
    @Optional() @Inject(REDIS) redis: Redis | null,
  ) {
    this.journal = redis ? null : join(config.dataDir, JOURNAL_FILE);
  }

  async onModuleInit(): Promise<void> {
    if (!this.journal) return;
    // Once, here: the journal's appends then open it in place.
    mkdirSync(join(this.journal, '..'), { recursive: true });
    if (!existsSync(this.journal)) return;
    const pending = new Map<string, PendingSettlement>();
    for (const text of readFileSync(this.journal, 'utf8').split('\n')) {
      const line = parseLine(text);
      if (!line) continue;
      if ('add' in line) pending.set(line.add.requestId, line.add);
      else pending.delete(line.done);
    }
    for (const s of pending.values()) await this.store.mapSet(OUTBOX_MAP, s.requestId, JSON.stringify(s));
    // Compacted by a rename, so a crash here leaves the old journal or the new one, never half of one.
    const tmp = `${this.journal}.tmp`;
    this.writeJournal(tmp, [...pending.values()].map((s) => JSON.stringify({ add: s }) + '\n').join(''), 'w');
    renameSync(tmp, this.journal);
    if (pending.size > 0) this.logger.warn(`${pending.size} settlement(s) from before the restart are pending`);
  }

  /**
   * Keeps a settlement until it is charged; resolves once it is kept. Embedded: journal writes are
   * group-committed off the event loop — one append and one fsync (on libuv's thread pool) for every
   * settlement that arrived while the previous one was being written. With Redis: one map write each
   * (pipelined on the connection).
   */
  add(s: PendingSettlement): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      this.adding.push({ s, resolve, reject });
      if (this.adding.length > 1) return;
      // With Redis: the settlements of one event-loop turn in one HSET (after the turn's I/O callbacks).
      if (!this.journal) setImmediate(() => void this.storeAdded());
      else void this.inJournalOrder(() => this.writeAdded());
    });
  }

  private adding: Array<{ s: PendingSettlement; resolve: () => void; reject: (err: unknown) => void }> = [];
  /** Journal operations run one after another: a truncation never overtakes an append. */
  private journalQueue: Promise<unknown> = Promise.resolve();

  private inJournalOrder<T>(op: () => Promise<T>): Promise<T> {
    const run = this.journalQueue.then(op, op);
    this.journalQueue = run.catch(() => undefined);
    return run;
  }

  private async writeAdded(): Promise<void> {
    const group = this.adding;
    this.adding = [];
    if (group.length === 0) return;
    try {
      await this.appendLines(group.map((g) => ({ add: g.s })));
      await this.store.mapSetMany(OUTBOX_MAP, entriesOf(group));
      for (const g of group) g.resolve();
    } catch (err) {
      for (const g of group) g.reject(err);
    }
  }

  /** With Redis: keeps the settlements added since the last call, in one command. */
  private async storeAdded(): Promise<void> {
    const group = this.adding;
    this.adding = [];
    try {
      await this.store.mapSetMany(OUTBOX_MAP, entriesOf(group));
      for (const g of group) g.resolve();
    } catch (err) {
      for (const g of group) g.reject(err);
    }
  }

  /** After the last flush (every journal operation is queued, so this one runs after theirs). */
  async onApplicationShutdown(): Promise<void> {
    await this.inJournalOrder(() => this.closeJournal());
  }

  async remove(requestId: string): Promise<void> {
    await this.removeMany([requestId]);
  }

  /** Forgets settlements that have been charged. */
  async removeMany(requestIds: readonly string[]): Promise<void> {
    if (requestIds.length === 0) return;
    // One command for the whole batch (with Redis, one HDEL instead of one per request), in chunks that keep
    // a command's size modest.
    for (let i = 0; i < requestIds.length; i += 1000)
      await this.store.mapDelete(OUTBOX_MAP, ...requestIds.slice(i, i + 1000));
    if (!this.journal) return;
    await this.inJournalOrder(async () => {
      const left = await this.store.mapGetAll(OUTBOX_MAP);
      if (Object.keys(left).length === 0 && this.adding.length === 0) {
        const file = await this.journalFile();
        // Appends go to the end, which is now the start: O_APPEND needs no seek.
        await file.truncate(0);
        await file.datasync();
        this.journalBytes = 0;
      } else if (this.journalBytes > COMPACT_AT_BYTES && this.adding.length === 0) {
        // Never empty under steady load: rewritten from what is pending, so it cannot grow without end.
        await this.rewriteJournal(Object.values(left));
      } else await this.appendLines(requestIds.map((id) => ({ done: id })));
    });
  }

  /** Every pending settlement by request id; rejects when the store cannot be read. */
  async all(): Promise<Map<string, PendingSettlement>> {
    const raw = await this.store.mapGetAll(OUTBOX_MAP);
    const out = new Map<string, PendingSettlement>();
    for (const [requestId, value] of Object.entries(raw)) {
      const s = parseSettlement(value);
      if (s) out.set(requestId, s);
      else this.logger.error(`unreadable settlement outbox entry for ${requestId}`);
    }
    return out;
  }

  /** Bytes appended to the journal since it was last rewritten or emptied. */
  private journalBytes = 0;

  /** The open journal, opened for appending on first use (and again after a rewrite or a shutdown). */
  private journalHandle: FileHandle | null = null;

  private async journalFile(): Promise<FileHandle> {
    this.journalHandle ??= await open(this.journal as string, 'a', 0o600);
    return this.journalHandle;
  }

  private async closeJournal(): Promise<void> {
    const file = this.journalHandle;
    this.journalHandle = null;
    await file?.close();
  }

  private async appendLines(lines: JournalLine[]): Promise<void> {
    const text = lines.map((line) => JSON.stringify(line) + '\n').join('');
    const file = await this.journalFile();
    try {
      await file.write(text);
      await file.datasync();
    } catch (err) {
      // A handle that failed (a full disk, say) is not trusted again: the next write opens the file anew.
      await this.closeJournal().catch(() => undefined);
      throw err;
    }
    this.journalBytes += text.length;
  }

  /** Replaces the journal by one holding `pending` only, by a rename (a crash leaves the old or the new). */
  private async rewriteJournal(pending: string[]): Promise<void> {
    const journal = this.journal as string;
    const tmp = `${journal}.tmp`;
    const text = pending.map((value) => `{"add":${value}}\n`).join('');
    await writeFileAsync(tmp, text, 'w');
    // The handle points at the old file, which the rename unlinks: the next append opens the new one.
    await this.closeJournal();
    await rename(tmp, journal);
    this.journalBytes = text.length;
  }

  private writeJournal(path: string, text: string, flags: 'a' | 'w'): void {
    mkdirSync(join(path, '..'), { recursive: true });
    const fd = openSync(path, flags, 0o600);
    try {
      if (text) writeSync(fd, text);
      fdatasyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }
}

/** Writes (appends or replaces) and fsyncs, on the thread pool: the event loop keeps serving meanwhile. */
async function writeFileAsync(path: string, text: string, flags: 'a' | 'w'): Promise<void> {
  const file = await open(path, flags, 0o600);
  try {
    if (text) await file.write(text);
    await file.datasync();
  } finally {
    await file.close();
  }
}

function entriesOf(group: ReadonlyArray<{ s: PendingSettlement }>): Array<[string, string]> {
  return group.map((g) => [g.s.requestId, JSON.stringify(g.s)]);
}

function parseLine(text: string): JournalLine | null {
  if (!text.trim()) return null;
  try {
    const line = JSON.parse(text) as { add?: unknown; done?: unknown };
    if (typeof line.done === 'string') return { done: line.done };
    const s = parseSettlement(JSON.stringify(line.add));
    return s ? { add: s } : null;
  } catch {
    // A line cut short by a crash while it was written.
    return null;
  }
}

function parseSettlement(value: string | undefined): PendingSettlement | null {
  if (!value) return null;
  try {
    const s = JSON.parse(value) as Partial<PendingSettlement>;
    const price = s.price;
    const ok =
      typeof s.requestId === 'string' &&
      typeof s.accountId === 'string' &&
      typeof s.model === 'string' &&
      Number.isSafeInteger(s.costMicros) &&
      Number.isSafeInteger(s.endedAtMs) &&
      price != null &&
      [price.input, price.cachedInput, price.output].every((n) => Number.isSafeInteger(n));
    return ok ? (s as PendingSettlement) : null;
  } catch {
    return null;
  }
}
