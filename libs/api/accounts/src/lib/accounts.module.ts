import { AccountSuspensionService } from './accounts/account-suspension.service';
import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { AccessGuard } from './access/access.guard';
import { LegalAudience, LegalDocumentsModule } from '@vipcloud/legal';
import { provideConfig } from '@vipcloud/platform';
import { accountsConfig } from './accounts.config';
import { AccountResolver } from './accounts/account.resolver';
import { AccountsLegalAudience } from './accounts/accounts-legal-audience.service';
import { AccountsPrivacyLookup } from './accounts/accounts-privacy-lookup.service';
import { AccountsRepository } from './accounts/accounts.repository';
import { AccountsService } from './accounts/accounts.service';
import { ApiKeyInvalidation } from './api-keys/api-key-invalidation.service';
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { ApiKeysResolver } from './api-keys/api-keys.resolver';
import { AccountClosureResolver } from './closure/account-closure.resolver';
import { AccountClosureService } from './closure/account-closure.service';
import { ClosedAccountsRetention } from './closure/closed-accounts.retention';
import { AccountEntity } from './entities/account.entity';
import { ApiKeyEntity } from './entities/api-key.entity';
import { PendingEmailChangeEntity } from './entities/pending-email-change.entity';
import { ProfileChangeEntity } from './entities/profile-change.entity';
import { SessionEntity } from './entities/session.entity';
import { OAuthIdentityEntity } from './entities/oauth-identity.entity';
import { OAuthController } from './oauth/oauth.controller';
import { OAuthIdentitiesRepository } from './oauth/oauth-identities.repository';
import { OAuthResolver } from './oauth/oauth.resolver';
import { OAuthService } from './oauth/oauth.service';
import { OAuthStateStore } from './oauth/oauth-state.store';
import { OAUTH_STRATEGIES } from './oauth/oauth.strategies';
import { EmailChangeController } from './profile/email-change.controller';
import { EmailChangeService } from './profile/email-change.service';
import { EmailChangesRepository } from './profile/email-changes.repository';
import { PendingEmailChangesRetention } from './profile/pending-email-changes.retention';
import { ProfileChangesRepository } from './profile/profile-changes.repository';
import { ProfileChangesService } from './profile/profile-changes.service';
import { PROFILE_PERSONAL_DATA } from './profile/profile.personal-data';
import { ProfileResolver } from './profile/profile.resolver';
import { ACCOUNTS_PERSONAL_DATA } from './privacy/accounts.personal-data';
import { AuthController } from './sessions/auth.controller';
import { PreferencesController } from './sessions/preferences.controller';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsResolver } from './sessions/sessions.resolver';
import { SessionsService } from './sessions/sessions.service';
import { SessionsRetention } from './sessions/sessions.retention';
import { TermsResolver } from './terms/terms.resolver';
import { TermsService } from './terms/terms.service';

export const ACCOUNTS_ENTITIES = [
  AccountEntity,
  ApiKeyEntity,
  SessionEntity,
  OAuthIdentityEntity,
  ProfileChangeEntity,
  PendingEmailChangeEntity,
];

@Module({
  // Legal sits below accounts: the Terms version sign-up records and `me` compares comes from its
  // manifest, and accounts implements legal's LegalAudience port for the announcements (legal
  // importing accounts would make a cycle, since notifications imports accounts and legal).
  imports: [LegalDocumentsModule],
  // AuthController first: its POST /auth/logout must not be taken for a provider name.
  controllers: [AuthController, PreferencesController, EmailChangeController, OAuthController],
  providers: [
    provideConfig(accountsConfig),
    AccountsRepository,
    AccountsService,
    AccountSuspensionService,
    AccountResolver,
    ApiKeysRepository,
    ApiKeyInvalidation,
    ApiKeysService,
    SessionsRepository,
    SessionsService,
    SessionsResolver,
    SessionsRetention,
    ApiKeysResolver,
    OAuthIdentitiesRepository,
    OAuthService,
    OAuthResolver,
    OAuthStateStore,
    TermsService,
    TermsResolver,
    AccountClosureService,
    AccountClosureResolver,
    ClosedAccountsRetention,
    ProfileChangesRepository,
    ProfileChangesService,
    EmailChangesRepository,
    EmailChangeService,
    ProfileResolver,
    PendingEmailChangesRetention,
    { provide: LegalAudience, useClass: AccountsLegalAudience },
    AccountsPrivacyLookup,
    ...OAUTH_STRATEGIES,
    ...ACCOUNTS_PERSONAL_DATA,
    ...PROFILE_PERSONAL_DATA,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [
    AccountsService,
    AccountSuspensionService,
    ApiKeysService,
    SessionsService,
    OAuthService,
    AccountClosureService,
    ProfileChangesService,
    LegalAudience,
  ],
})
export class AccountsModule {}
