import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
import { PendingEmailChangeEntity } from '../entities/pending-email-change.entity';
import { ProfileChangeEntity } from '../entities/profile-change.entity';

@Injectable()
export class ProfileChangesRepository {
  constructor(private readonly db: Database) {}

  /** The account's profile changes, newest first. */
  list(accountId: string, limit: number): Promise<ProfileChangeEntity[]> {
    return this.db.repository(ProfileChangeEntity).find({
      where: { accountId },
      order: { changedAt: 'DESC', id: 'ASC' },
      take: limit,
    });
  }

  count(accountId: string): Promise<number> {
    return this.db.repository(ProfileChangeEntity).countBy({ accountId });
  }

  /** Deletes the account's change records and any pending email change (erasure); returns how many rows. */
  async deleteAll(accountId: string): Promise<number> {
    return this.db.transaction(async (em) => {
      const changes = await em.delete(ProfileChangeEntity, { accountId });
      const pending = await em.delete(PendingEmailChangeEntity, { accountId });
      return (changes.affected ?? 0) + (pending.affected ?? 0);
    });
  }
}
