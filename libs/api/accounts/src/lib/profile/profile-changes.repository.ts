import { Injectable } from '@nestjs/common';
import { Database } from '@vipcloud/platform';
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
}
