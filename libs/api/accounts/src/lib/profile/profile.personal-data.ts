import { Injectable } from '@nestjs/common';
import { isoTime, PersonalDataRow, TablePersonalDataSource } from '@vipcloud/privacy';
import { PendingEmailChangeEntity } from '../entities/pending-email-change.entity';
import { ProfileChangeEntity } from '../entities/profile-change.entity';
import { ProfilePersonalDataRepository } from './profile-personal-data.repository';

/** The record of profile changes: account profile data, shown, exported and erased with the account. */
@Injectable()
export class ProfileChangesPersonalData extends TablePersonalDataSource<ProfileChangeEntity> {
  readonly kind = 'accounts.profile-changes';
  readonly category = 'identity';

  constructor(repository: ProfilePersonalDataRepository) {
    super(repository.changes, {
      name: 'profile-changes.csv',
      format: 'csv',
      description:
        'When you changed your profile: which field (displayName, email) and when. The old and new values are not ' +
        'kept in this record (the current ones are in profile.json).',
    });
  }

  protected toRow(c: ProfileChangeEntity): PersonalDataRow {
    return { field: c.field, changedAt: isoTime(c.changedAt) };
  }
}

/** A new email waiting for confirmation: the address and when, never the hash of the link's token. */
@Injectable()
export class PendingEmailChangePersonalData extends TablePersonalDataSource<PendingEmailChangeEntity> {
  readonly kind = 'accounts.pending-email-change';
  readonly category = 'identity';

  constructor(repository: ProfilePersonalDataRepository) {
    super(repository.pendingEmail, {
      name: 'pending-email-change.csv',
      format: 'csv',
      description:
        'A new email address you asked to change to and have not confirmed yet: the address, when you asked and ' +
        'when the confirmation link expires (an expired request is deleted).',
    });
  }

  protected toRow(p: PendingEmailChangeEntity): PersonalDataRow {
    return { email: p.email, requestedAt: isoTime(p.requestedAt), expiresAt: isoTime(p.expiresAt) };
  }
}

/** For accounts' module providers. */
export const PROFILE_PERSONAL_DATA = [
  ProfilePersonalDataRepository,
  ProfileChangesPersonalData,
  PendingEmailChangePersonalData,
];
