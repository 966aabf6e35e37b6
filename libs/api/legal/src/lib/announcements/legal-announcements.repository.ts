import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { In, IsNull, LessThan } from 'typeorm';
import { LegalAnnouncementEntity, LegalAnnouncementScanEntity } from './legal-announcement.entity';

export interface AnnouncementKey {
  document: string;
  version: string;
}

/** Ids per `IN (...)` list: well inside SQLite's and MySQL's limits on placeholders per statement. */
const IN_CHUNK = 500;
/** Rows per multi-row insert (eight placeholders each): old SQLite builds allow 999 per statement. */
const INSERT_CHUNK = 100;

function chunks<T>(items: T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** The record of which accounts were told of which version. */
@Injectable()
export class LegalAnnouncementsRepository {
  constructor(private readonly db: Database) {}

  /** Which of these accounts already have a row for the version (a read, so a pass over everyone writes nothing new). */
  async known(key: AnnouncementKey, accountIds: string[]): Promise<Set<string>> {
    const known = new Set<string>();
    for (const ids of chunks(accountIds, IN_CHUNK)) {
      const rows = await this.db.repository(LegalAnnouncementEntity).find({
        select: { accountId: true },
        where: { ...key, accountId: In(ids) },
      });
      rows.forEach((r) => known.add(r.accountId));
    }
    return known;
  }

  /**
   * Inserts a row claimed by `claim` per account, skipping accounts that have one already (another
   * run, on this instance or another, inserted it first: that run queues the email).
   */
  async claimNew(key: AnnouncementKey, accountIds: string[], claim: string, at: Date): Promise<void> {
    for (const ids of chunks(accountIds, INSERT_CHUNK)) {
      // A transaction for MySQL's deadlock retry: two instances inserting the same keys may collide.
      await this.db.transaction((em) =>
        em
          .createQueryBuilder()
          .insert()
          .into(LegalAnnouncementEntity)
          .values(
            ids.map((accountId) => ({
              ...key,
              accountId,
              claimedBy: claim,
              claimedAt: at,
              queuedAt: null,
              sendingAt: null,
              sentAt: null,
            })),
          )
          .orIgnore()
          .execute(),
      );
    }
  }

  /** Takes over rows whose run claimed them before `staleBefore` and never queued their email. */
  async reclaimStale(key: AnnouncementKey, claim: string, at: Date, staleBefore: Date): Promise<void> {
    await this.db.transaction((em) =>
      em.update(
        LegalAnnouncementEntity,
        { ...key, queuedAt: IsNull(), claimedAt: LessThan(staleBefore) },
        { claimedBy: claim, claimedAt: at },
      ),
    );
  }

  /**
   * Takes over rows queued before `queuedBefore` whose email job never finished (its job was lost
   * or gave up): they become unqueued rows of `claim`, to be queued again.
   */
  async reclaimUnsent(key: AnnouncementKey, claim: string, at: Date, queuedBefore: Date): Promise<void> {
    await this.db.transaction((em) =>
      em.update(
        LegalAnnouncementEntity,
        { ...key, sentAt: IsNull(), queuedAt: LessThan(queuedBefore) },
        { claimedBy: claim, claimedAt: at, queuedAt: null },
      ),
    );
  }

  /** Up to `limit` accounts of rows `claim` holds and has not queued yet, in id order. */
  async claimed(key: AnnouncementKey, claim: string, limit: number): Promise<string[]> {
    const rows = await this.db.repository(LegalAnnouncementEntity).find({
      select: { accountId: true },
      where: { ...key, claimedBy: claim, queuedAt: IsNull() },
      order: { accountId: 'ASC' },
      take: limit,
    });
    return rows.map((r) => r.accountId);
  }

  async markQueued(key: AnnouncementKey, claim: string, accountIds: string[], at: Date): Promise<void> {
    for (const ids of chunks(accountIds, IN_CHUNK)) {
      await this.db.write((em) =>
        em.update(
          LegalAnnouncementEntity,
          { ...key, claimedBy: claim, accountId: In(ids), queuedAt: IsNull() },
          { queuedAt: at },
        ),
      );
    }
  }

  /**
   * Takes the row's sending lease for an email job: false when it was sent already, or another job
   * holds a lease taken after `staleBefore` (it is sending right now).
   */
  async beginSending(key: AnnouncementKey, accountId: string, at: Date, staleBefore: Date): Promise<boolean> {
    const where = { ...key, accountId, sentAt: IsNull() };
    const result = await this.db.write((em) =>
      em.update(
        LegalAnnouncementEntity,
        [
          { ...where, sendingAt: IsNull() },
          { ...where, sendingAt: LessThan(staleBefore) },
        ],
        { sendingAt: at },
      ),
    );
    return (result.affected ?? 0) > 0;
  }

  /**
   * Gives the lease back after a failed attempt, so the job's retry can take it again. (Not matched on
   * the lease's time, which MySQL keeps to the second: only the holder calls this, and another job
   * holds the row only once a lease is stale.)
   */
  async abandonSending(key: AnnouncementKey, accountId: string): Promise<void> {
    await this.db.write((em) =>
      em.update(LegalAnnouncementEntity, { ...key, accountId, sentAt: IsNull() }, { sendingAt: null }),
    );
  }

  async markSent(key: AnnouncementKey, accountId: string, at: Date): Promise<void> {
    await this.db.write((em) =>
      em.update(LegalAnnouncementEntity, { ...key, accountId, sentAt: IsNull() }, { sentAt: at }),
    );
  }

  /** Rows of the version whose email is not queued yet (another run is at it, or died). */
  countPending(key: AnnouncementKey): Promise<number> {
    return this.db.repository(LegalAnnouncementEntity).countBy({ ...key, queuedAt: IsNull() });
  }

  /** When the version's audience was last gone through to its end (null: never). */
  async scannedAt(key: AnnouncementKey): Promise<Date | null> {
    const row = await this.db.repository(LegalAnnouncementScanEntity).findOneBy(key);
    return row?.scannedAt ?? null;
  }

  async markScanned(key: AnnouncementKey, at: Date): Promise<void> {
    await this.db.transaction((em) =>
      em.upsert(LegalAnnouncementScanEntity, { ...key, scannedAt: at }, ['document', 'version']),
    );
  }
}
