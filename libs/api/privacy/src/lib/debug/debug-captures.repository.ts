import { Injectable } from '@nestjs/common';
import { Database, deleteInBatches } from '@vipcloud/platform';
import { In } from 'typeorm';
import { DebugCaptureChunkEntity, DebugCaptureEntity } from './debug-capture.entity';

/** All database access of debug captures: a capture's row and its sealed slices move together. */
@Injectable()
export class DebugCapturesRepository {
  constructor(private readonly db: Database) {}

  /** The capture and every slice of its sealed parts, all or nothing. */
  async insert(capture: DebugCaptureEntity, chunks: DebugCaptureChunkEntity[]): Promise<void> {
    await this.db.transaction(async (em) => {
      await em.insert(DebugCaptureEntity, capture);
      // Several rows a statement, but bounded: a statement carrying megabytes strains max_allowed_packet.
      for (let i = 0; i < chunks.length; i += 16) await em.insert(DebugCaptureChunkEntity, chunks.slice(i, i + 16));
    });
  }

  /** The account's captures, newest first, at most `limit`. */
  listOf(accountId: string, limit: number): Promise<DebugCaptureEntity[]> {
    return this.db.repository(DebugCaptureEntity).find({
      where: { accountId },
      order: { createdAt: 'DESC', id: 'ASC' },
      take: limit,
    });
  }

  countOf(accountId: string): Promise<number> {
    return this.db.repository(DebugCaptureEntity).countBy({ accountId });
  }

  /** The slices of these captures (of this account only), in order. */
  chunksOf(accountId: string, captureIds: string[]): Promise<DebugCaptureChunkEntity[]> {
    if (captureIds.length === 0) return Promise.resolve([]);
    return this.db.repository(DebugCaptureChunkEntity).find({
      where: { accountId, captureId: In(captureIds) },
      order: { captureId: 'ASC', part: 'ASC', seq: 'ASC' },
    });
  }

  /** Deletes one of the account's captures; false if it has no such capture. */
  async deleteOne(accountId: string, id: string): Promise<boolean> {
    return this.db.transaction(async (em) => {
      await em.delete(DebugCaptureChunkEntity, { accountId, captureId: id });
      const result = await em.delete(DebugCaptureEntity, { accountId, id });
      return (result.affected ?? 0) > 0;
    });
  }

  /** Deletes every capture of the account (in batches: an account may hold many); returns how many. */
  async deleteAllOf(accountId: string, batch = 200): Promise<number> {
    return this.deleteWhere('account_id = :accountId', { accountId }, batch);
  }

  /** Deletes the captures that expired at or before `now`; returns how many. */
  deleteExpired(now: Date, batch = 200): Promise<number> {
    return this.deleteWhere('expires_at <= :now', { now }, batch);
  }

  /**
   * Slices first, then captures, each in short batches: a run cut short leaves at worst slices of a
   * capture already gone or a capture without its slices, both matched again by the next run.
   */
  private async deleteWhere(where: string, params: Record<string, unknown>, batch: number): Promise<number> {
    await deleteInBatches(this.db, DebugCaptureChunkEntity, {
      key: 'capture_id',
      where,
      params,
      batch,
    });
    return deleteInBatches(this.db, DebugCaptureEntity, { key: 'id', where, params, batch });
  }
}
