import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { In, IsNull, LessThan } from 'typeorm';
import { LegalAnnouncementEntity } from './legal-announcement.entity';

export interface AnnouncementKey {
  document: string;
  version: string;
}

/** The record of which accounts were told of which version. */
@Injectable()
export class LegalAnnouncementsRepository {
  constructor(private readonly db: Database) {}

  /** Which of these accounts already have a row for the version (a read, so a pass over everyone writes nothing new). */
  async known(key: AnnouncementKey, accountIds: string[]): Promise<Set<string>> {
    if (accountIds.length === 0) return new Set();
    const rows = await this.db.repository(LegalAnnouncementEntity).find({
      select: { accountId: true },
      where: { ...key, accountId: In(accountIds) },
    });
    return new Set(rows.map((r) => r.accountId));
  }

  /**
   * Inserts a row claimed by `claim` per account, skipping accounts that have one already (another
   * run, on this instance or another, inserted it first: that run queues the email).
   */
  async claimNew(key: AnnouncementKey, accountIds: string[], claim: string, at: Date): Promise<void> {
    if (accountIds.length === 0) return;
    // A transaction for MySQL's deadlock retry: two instances inserting the same keys may collide.
    await this.db.transaction((em) =>
      em
        .createQueryBuilder()
        .insert()
        .into(LegalAnnouncementEntity)
        .values(accountIds.map((accountId) => ({ ...key, accountId, claimedBy: claim, claimedAt: at, queuedAt: null })))
        .orIgnore()
        .execute(),
    );
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

  /** The accounts of rows `claim` holds and has not queued yet. */
  async claimed(key: AnnouncementKey, claim: string): Promise<string[]> {
    const rows = await this.db.repository(LegalAnnouncementEntity).find({
      select: { accountId: true },
      where: { ...key, claimedBy: claim, queuedAt: IsNull() },
      order: { accountId: 'ASC' },
    });
    return rows.map((r) => r.accountId);
  }

  async markQueued(key: AnnouncementKey, claim: string, accountIds: string[], at: Date): Promise<void> {
    if (accountIds.length === 0) return;
    await this.db.write((em) =>
      em.update(
        LegalAnnouncementEntity,
        { ...key, claimedBy: claim, accountId: In(accountIds), queuedAt: IsNull() },
        { queuedAt: at },
      ),
    );
  }

  /** Rows of the version whose email is not queued yet (another run is at it, or died). */
  countPending(key: AnnouncementKey): Promise<number> {
    return this.db.repository(LegalAnnouncementEntity).countBy({ ...key, queuedAt: IsNull() });
  }
}
