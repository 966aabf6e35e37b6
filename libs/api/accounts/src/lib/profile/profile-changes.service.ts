import { Injectable } from '@nestjs/common';
import type { ProfileChangeEntity } from '../entities/profile-change.entity';
import { ProfileChangesRepository } from './profile-changes.repository';

/** Most changes the portal lists; far more than a person makes. */
const LIST_LIMIT = 200;

/** The record of an account's profile changes (written where each change is made). */
@Injectable()
export class ProfileChangesService {
  constructor(private readonly changes: ProfileChangesRepository) {}

  list(accountId: string, limit = LIST_LIMIT): Promise<ProfileChangeEntity[]> {
    return this.changes.list(accountId, limit);
  }
}
