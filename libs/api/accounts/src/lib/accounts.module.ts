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
import { ApiKeysRepository } from './api-keys/api-keys.repository';
import { ApiKeysService } from './api-keys/api-keys.service';
import { ApiKeysResolver } from './api-keys/api-keys.resolver';
import { AccountEntity } from './entities/account.entity';
import { ApiKeyEntity } from './entities/api-key.entity';
import { SessionEntity } from './entities/session.entity';
import { OAuthIdentityEntity } from './entities/oauth-identity.entity';
import { AccountsJobsService } from './jobs/accounts-jobs.service';
import { OAuthController } from './oauth/oauth.controller';
import { OAuthIdentitiesRepository } from './oauth/oauth-identities.repository';
import { OAuthResolver } from './oauth/oauth.resolver';
import { OAuthService } from './oauth/oauth.service';
import { OAuthStateStore } from './oauth/oauth-state.store';
import { OAUTH_STRATEGIES } from './oauth/oauth.strategies';
import { AuthController } from './sessions/auth.controller';
import { PreferencesController } from './sessions/preferences.controller';
import { SessionsRepository } from './sessions/sessions.repository';
import { SessionsResolver } from './sessions/sessions.resolver';
import { SessionsService } from './sessions/sessions.service';
import { TermsResolver } from './terms/terms.resolver';
import { TermsService } from './terms/terms.service';

export const ACCOUNTS_ENTITIES = [AccountEntity, ApiKeyEntity, SessionEntity, OAuthIdentityEntity];

@Module({
  // Legal sits below accounts: the Terms version sign-up records and `me` compares comes from its
  // manifest, and accounts implements legal's LegalAudience port for the announcements (legal
  // importing accounts would make a cycle, since notifications imports accounts and legal).
  imports: [LegalDocumentsModule],
  // AuthController first: its POST /auth/logout must not be taken for a provider name.
  controllers: [AuthController, PreferencesController, OAuthController],
  providers: [
    provideConfig(accountsConfig),
    AccountsRepository,
    AccountsService,
    AccountResolver,
    ApiKeysRepository,
    ApiKeysService,
    SessionsRepository,
    SessionsService,
    SessionsResolver,
    AccountsJobsService,
    ApiKeysResolver,
    OAuthIdentitiesRepository,
    OAuthService,
    OAuthResolver,
    OAuthStateStore,
    TermsService,
    TermsResolver,
    { provide: LegalAudience, useClass: AccountsLegalAudience },
    AccountsPrivacyLookup,
    ...OAUTH_STRATEGIES,
    { provide: APP_GUARD, useClass: AccessGuard },
  ],
  exports: [AccountsService, ApiKeysService, SessionsService, OAuthService, LegalAudience],
})
export class AccountsModule {}
