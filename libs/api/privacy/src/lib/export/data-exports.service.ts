import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock, JobQueue } from '@vipcloud/platform';
import { DataExportEntity } from './data-export.entity';
import { DataExportNotFoundError, ExportInProgressError } from './data-exports.errors';
import { DataExportsRepository } from './data-exports.repository';
import { ExportRightsRequests } from './export-rights-requests';

/** The job that builds an export; its payload is the export's id, nothing else. */
export const DATA_EXPORT_JOB = 'privacy.data-export';
/** The privacy policy's promise: the download works for 7 days, then the file is deleted. */
export const EXPORT_DOWNLOAD_DAYS = 7;
/** An expired or failed export's row (no file, no content) stays this long for the owner's history. */
export const EXPORT_ROW_KEPT_DAYS = 30;
/**
 * An export still in progress after this lost its job (the in-process queue does not survive a
 * restart): it is marked FAILED, so the account can ask again.
 */
export const EXPORT_STALE_MS = 3600_000;
const DAY_MS = 24 * 3600_000;
/** The portal lists this many of an account's exports, newest first. */
const LISTED = 20;
/** Pieces read from the database per round trip while a download streams (about 1 MB). */
const CHUNKS_PER_READ = 16;

export interface DataExportDownload {
  fileName: string;
  sizeBytes: number;
  /** The ZIP's bytes, piece by piece, read as the client takes them. */
  body: AsyncIterable<Buffer>;
}

/** The right to data portability, self-service: ask for an export, watch it, download it, see it expire. */
@Injectable()
export class DataExportsService {
  private readonly logger = new Logger('DataExports');

  constructor(
    private readonly exports: DataExportsRepository,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly rights: ExportRightsRequests,
  ) {}

  /** Queues an export of everything held about the account; refused while one is in progress. */
  async request(accountId: string): Promise<DataExportEntity> {
    const row: DataExportEntity = Object.assign(new DataExportEntity(), {
      id: randomUUID(),
      accountId,
      status: 'QUEUED',
      progress: 0,
      inProgressAccountId: accountId,
      requestedAt: this.clock.now(),
      readyAt: null,
      expiresAt: null,
      sizeBytes: null,
      rightsRequestId: null,
    });
    if (!(await this.exports.insert(row))) {
      // The database refused a second export in progress; unless the first one's job was lost, that stands.
      if (!(await this.failIfStale(accountId)) || !(await this.exports.insert(row))) throw new ExportInProgressError();
    }
    row.rightsRequestId = await this.rights.opened(accountId);
    if (row.rightsRequestId) await this.exports.setRightsRequest(row.id, row.rightsRequestId);
    try {
      await this.queue.enqueue(DATA_EXPORT_JOB, { exportId: row.id }, { jobId: `data-export-${row.id}`, attempts: 1 });
    } catch (err) {
      // Not queued, never built: free the account at once rather than after the stale period.
      await this.exports.markFailed(row.id, this.clock.now());
      throw err;
    }
    return row;
  }

  list(accountId: string): Promise<DataExportEntity[]> {
    return this.exports.listOwn(accountId, LISTED);
  }

  /** The owner's READY export, not yet expired; anything else is not found (whoever asks). */
  async download(accountId: string, id: string): Promise<DataExportDownload> {
    const row = await this.exports.findOwn(accountId, id);
    if (!row || row.status !== 'READY' || !row.expiresAt || row.expiresAt.getTime() <= this.clock.nowMs())
      throw new DataExportNotFoundError();
    const day = (row.readyAt ?? row.requestedAt).toISOString().slice(0, 10);
    return {
      fileName: `vipcloud-data-export-${day}.zip`,
      sizeBytes: row.sizeBytes ?? 0,
      body: this.pieces(row.id),
    };
  }

  /**
   * Retention: deletes the files of exports 7 days after they were ready (the row stays, EXPIRED),
   * the rows of exports that ended over 30 days ago, and fails exports whose job was lost. Idempotent;
   * returns how many files and rows it deleted.
   */
  async purgeExpired(): Promise<number> {
    const now = this.clock.now();
    for (const stale of await this.exports.staleInProgress(new Date(now.getTime() - EXPORT_STALE_MS)))
      await this.exports.markFailed(stale.id, now);
    let deleted = 0;
    for (;;) {
      const due = await this.exports.expiredFiles(now);
      if (due.length === 0) break;
      for (const row of due) {
        await this.exports.deleteChunks(row.id);
        if (await this.exports.markExpired(row.id, now)) deleted++;
      }
    }
    for (;;) {
      const ended = await this.exports.endedBefore(new Date(now.getTime() - EXPORT_ROW_KEPT_DAYS * DAY_MS));
      if (ended.length === 0) break;
      deleted += await this.exports.deleteExports(ended.map((r) => r.id));
    }
    return deleted;
  }

  /** When a download expires, counted from when it was ready. */
  expiryOf(readyAt: Date): Date {
    return new Date(readyAt.getTime() + EXPORT_DOWNLOAD_DAYS * DAY_MS);
  }

  private async failIfStale(accountId: string): Promise<boolean> {
    const current = await this.exports.inProgressOf(accountId);
    if (!current) return true; // it ended in the meantime
    if (current.requestedAt.getTime() > this.clock.nowMs() - EXPORT_STALE_MS) return false;
    this.logger.warn(`data export ${current.id} lost its job; marked failed`);
    await this.exports.markFailed(current.id, this.clock.now());
    return true;
  }

  private async *pieces(exportId: string): AsyncGenerator<Buffer> {
    for (let seq = 0; ;) {
      const chunks = await this.exports.readChunks(exportId, seq, CHUNKS_PER_READ);
      for (const chunk of chunks) yield chunk.data;
      if (chunks.length < CHUNKS_PER_READ) return;
      seq += chunks.length;
    }
  }
}
