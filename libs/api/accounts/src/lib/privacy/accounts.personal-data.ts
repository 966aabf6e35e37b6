import { Injectable } from '@nestjs/common';
import { isoTime, PersonalDataRow, TablePersonalDataSource } from '@vipcloud/privacy';
import { AccountEntity } from '../entities/account.entity';
import { ApiKeyEntity } from '../entities/api-key.entity';
import { OAuthIdentityEntity } from '../entities/oauth-identity.entity';
import { SessionEntity } from '../entities/session.entity';
import { AccountsPersonalDataRepository } from './accounts-personal-data.repository';

/**
 * What accounts holds about a person, as privacy's rights see it. Each source lists the fields a
 * person is shown; secrets (the refresh token sealed on an identity, the hash of a key or of a
 * session's token) are never among them: they identify a credential, not the person, and a copy of
 * them in an export could only be abused.
 */

/** The account row itself: erased last (eraseOrder 100), once every other lib has let go of the id. */
@Injectable()
export class ProfilePersonalData extends TablePersonalDataSource<AccountEntity> {
  readonly kind = 'accounts.profile';
  readonly category = 'identity';
  override readonly eraseOrder = 100;

  constructor(repository: AccountsPersonalDataRepository) {
    super(repository.profile, {
      name: 'profile.json',
      format: 'json',
      description:
        'Your account: its id, email address, the name and avatar your sign-in provider gave us (or you set), ' +
        'its status, when it was created, when you confirmed being of age, and which Terms version you accepted when.',
    });
  }

  protected toRow(a: AccountEntity): PersonalDataRow {
    return {
      id: a.id,
      email: a.email,
      displayName: a.displayName,
      avatarUrl: a.avatarUrl,
      status: a.status,
      createdAt: isoTime(a.createdAt),
      adultConfirmedAt: isoTime(a.adultConfirmedAt),
      termsVersion: a.termsVersion,
      termsAcceptedAt: isoTime(a.termsAcceptedAt),
    };
  }
}

/** Linked GitHub and Google sign-ins: provider and subject id, never the sealed refresh token. */
@Injectable()
export class OAuthIdentitiesPersonalData extends TablePersonalDataSource<OAuthIdentityEntity> {
  readonly kind = 'accounts.identities';
  readonly category = 'identity';

  constructor(repository: AccountsPersonalDataRepository) {
    super(repository.identities, {
      name: 'identities.csv',
      format: 'csv',
      description:
        'The sign-in methods linked to your account: the provider (github, google), your id at that provider ' +
        'and when it was linked. Access and refresh tokens are not included.',
    });
  }

  protected toRow(i: OAuthIdentityEntity): PersonalDataRow {
    return { id: i.id, provider: i.provider, subject: i.subject, createdAt: isoTime(i.createdAt) };
  }
}

/** API keys: what the portal's key list shows, never the hash of the secret. */
@Injectable()
export class ApiKeysPersonalData extends TablePersonalDataSource<ApiKeyEntity> {
  readonly kind = 'accounts.api-keys';
  readonly category = 'authentication';

  constructor(repository: AccountsPersonalDataRepository) {
    super(repository.apiKeys, {
      name: 'api-keys.csv',
      format: 'csv',
      description:
        'Your API keys, revoked ones included: name, the first characters of the key, when it was created, ' +
        'last used, expires or was revoked, and the models it may call (empty: every model). ' +
        'The keys themselves are not included (we keep only a one-way hash of each, left out as well).',
    });
  }

  protected toRow(k: ApiKeyEntity): PersonalDataRow {
    return {
      id: k.id,
      name: k.name,
      prefix: k.prefix,
      createdAt: isoTime(k.createdAt),
      lastUsedAt: isoTime(k.lastUsedAt),
      expiresAt: isoTime(k.expiresAt),
      revokedAt: isoTime(k.revokedAt),
      allowedModels: k.allowedModels ? k.allowedModels.join(' ') : null,
    };
  }
}

/** Portal sign-ins: device and truncated address, never the hash of the cookie's token. */
@Injectable()
export class SessionsPersonalData extends TablePersonalDataSource<SessionEntity> {
  readonly kind = 'accounts.sessions';
  readonly category = 'sessions';

  constructor(repository: AccountsPersonalDataRepository) {
    super(repository.sessions, {
      name: 'sessions.csv',
      format: 'csv',
      description:
        'Your portal sign-ins we still keep: the browser (User-Agent, shortened), the IP address truncated ' +
        '(IPv4 /24, IPv6 /48), when it started, was last active, would expire and ended.',
    });
  }

  protected toRow(s: SessionEntity): PersonalDataRow {
    return {
      id: s.id,
      userAgent: s.userAgent,
      clientIp: s.clientIp,
      createdAt: isoTime(s.createdAt),
      lastSeenAt: isoTime(s.lastSeenAt),
      expiresAt: isoTime(s.expiresAt),
      endedAt: isoTime(s.endedAt),
    };
  }
}

/** Accounts' sources, for its module's providers. */
export const ACCOUNTS_PERSONAL_DATA = [
  AccountsPersonalDataRepository,
  ProfilePersonalData,
  OAuthIdentitiesPersonalData,
  ApiKeysPersonalData,
  SessionsPersonalData,
];
