import { Injectable } from '@nestjs/common';
import { Database, deleteInBatches } from '@vipcloud/platform';
import { In, IsNull, LessThan, Not } from 'typeorm';
import { DataExportChunkEntity } from './data-export-chunk.entity';
import { DataExportEntity, DataExportStatus } from './data-export.entity';

const IN_PROGRESS: DataExportStatus[] = ['QUEUED', 'BUILDING'];
/** Chunks written per transaction: about 1 MB, so SQLite's one writer is never held long. */
const CHUNKS_PER_WRITE = 16;
const DELETE_BATCH = 200;

@Injectable()
export class DataExportsRepository {
  constructor(private readonly db: Database) {}

  private get exports() {
    return this.db.repository(DataExportEntity);
  }

  /** False when the account already has an export in progress (the unique index refused it). */
  async insert(row: DataExportEntity): Promise<boolean> {
    try {
      await this.db.write((em) => em.insert(DataExportEntity, { ...row }));
      return true;
    } catch (err) {
      if (this.db.isUniqueViolation(err)) return false;
      throw err;
    }
  }

  findById(id: string): Promise<DataExportEntity | null> {
    return this.exports.findOneBy({ id });
  }

  findOwn(accountId: string, id: string): Promise<DataExportEntity | null> {
    return this.exports.findOneBy({ id, accountId });
  }

  inProgressOf(accountId: string): Promise<DataExportEntity | null> {
    return this.exports.findOneBy({ inProgressAccountId: accountId });
  }

  listOwn(accountId: string, limit: number): Promise<DataExportEntity[]> {
    return this.exports.find({ where: { accountId }, order: { requestedAt: 'DESC', id: 'DESC' }, take: limit });
  }

  count(accountId: string): Promise<number> {
    return this.exports.countBy({ accountId });
  }

  async setRightsRequest(id: string, rightsRequestId: string): Promise<void> {
    await this.db.write((em) => em.update(DataExportEntity, { id }, { rightsRequestId }));
  }

  /** QUEUED → BUILDING (or BUILDING again, for a retried job); false when it is no longer in progress. */
  async startBuilding(id: string): Promise<boolean> {
    const result = await this.db.write((em) =>
      em.update(DataExportEntity, { id, status: In(IN_PROGRESS) }, { status: 'BUILDING', progress: 0 }),
    );
    return (result.affected ?? 0) > 0;
  }

  async setProgress(id: string, progress: number): Promise<void> {
    await this.db.write((em) => em.update(DataExportEntity, { id, status: 'BUILDING' }, { progress }));
  }

  /** Writes the ZIP's pieces, replacing any a crashed earlier attempt left. */
  async writeChunks(exportId: string, chunks: Buffer[]): Promise<void> {
    await this.deleteChunks(exportId);
    for (let i = 0; i < chunks.length; i += CHUNKS_PER_WRITE) {
      const rows = chunks.slice(i, i + CHUNKS_PER_WRITE).map((data, j) => ({ exportId, seq: i + j, data }));
      await this.db.transaction((em) => em.insert(DataExportChunkEntity, rows));
    }
  }

  /** BUILDING → READY, freeing the account for its next export; false if it was not building. */
  async markReady(id: string, readyAt: Date, expiresAt: Date, sizeBytes: number): Promise<boolean> {
    const result = await this.db.write((em) =>
      em.update(
        DataExportEntity,
        { id, status: 'BUILDING' },
        { status: 'READY', progress: 100, readyAt, expiresAt, sizeBytes, inProgressAccountId: null },
      ),
    );
    return (result.affected ?? 0) > 0;
  }

  async markFailed(id: string, at: Date): Promise<void> {
    await this.db.write((em) =>
      em.update(
        DataExportEntity,
        { id, status: In(IN_PROGRESS) },
        { status: 'FAILED', expiresAt: at, inProgressAccountId: null },
      ),
    );
    await this.deleteChunks(id);
  }

  /** Exports in progress since before `before`: their job is lost (a crash of the in-process queue). */
  staleInProgress(before: Date, limit = 100): Promise<DataExportEntity[]> {
    return this.exports.find({
      where: { inProgressAccountId: Not(IsNull()), requestedAt: LessThan(before) },
      take: limit,
    });
  }

  /** Ready exports whose file is past its expiry. */
  expiredFiles(now: Date, limit = 100): Promise<DataExportEntity[]> {
    return this.exports.find({ where: { status: 'READY', expiresAt: LessThan(now) }, take: limit });
  }

  /** READY → EXPIRED, once its file is gone. */
  async markExpired(id: string, at: Date): Promise<boolean> {
    const result = await this.db.write((em) =>
      em.update(DataExportEntity, { id, status: 'READY' }, { status: 'EXPIRED', expiresAt: at }),
    );
    return (result.affected ?? 0) > 0;
  }

  /** Rows of exports that ended (expired or failed) before `before`, for deletion. */
  endedBefore(before: Date, limit = 500): Promise<DataExportEntity[]> {
    return this.exports.find({
      select: { id: true },
      where: { status: In(['EXPIRED', 'FAILED']), expiresAt: LessThan(before) },
      take: limit,
    });
  }

  async countChunks(exportId: string): Promise<number> {
    return this.db.repository(DataExportChunkEntity).countBy({ exportId });
  }

  /** Up to `count` pieces of the ZIP from `fromSeq` on, in order. */
  readChunks(exportId: string, fromSeq: number, count: number): Promise<DataExportChunkEntity[]> {
    return this.db
      .selectBuilder(DataExportChunkEntity, 'c')
      .where('c.export_id = :exportId AND c.seq >= :fromSeq', { exportId, fromSeq })
      .orderBy('c.seq', 'ASC')
      .limit(count)
      .getMany();
  }

  /** The file of an export, in short batches (a large ZIP is many pieces). Returns how many pieces went. */
  deleteChunks(exportId: string): Promise<number> {
    return deleteInBatches(this.db, DataExportChunkEntity, {
      key: 'seq',
      where: 'export_id = :exportId',
      params: { exportId },
      batch: DELETE_BATCH,
    });
  }

  /** Deletes export rows (their files first); returns how many rows went. */
  async deleteExports(ids: string[]): Promise<number> {
    if (ids.length === 0) return 0;
    for (const id of ids) await this.deleteChunks(id);
    const result = await this.db.write((em) => em.delete(DataExportEntity, { id: In(ids) }));
    return result.affected ?? 0;
  }

  idsOf(accountId: string): Promise<string[]> {
    return this.exports.find({ select: { id: true }, where: { accountId } }).then((rows) => rows.map((r) => r.id));
  }
}
