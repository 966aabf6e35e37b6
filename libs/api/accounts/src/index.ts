export { AccountsModule, ACCOUNTS_ENTITIES } from './lib/accounts.module';
export { accountsConfig } from './lib/accounts.config';
export type { AccountsConfig, OAuthSettings, OAuthProviderId } from './lib/accounts.config';
export { AccountsCommandsModule, ACCOUNTS_COMMANDS } from './lib/accounts-commands.module';
export { AccountsService } from './lib/accounts/accounts.service';
export { AccountSuspensionService } from './lib/accounts/account-suspension.service';
export { ApiKeysService, API_KEY_PREFIX, assertModelAllowed } from './lib/api-keys/api-keys.service';
export type { AuthenticatedKey, CreatedApiKey, CreateKeyOptions } from './lib/api-keys/api-keys.service';
export type { AccountEntity, AccountStatus } from './lib/entities/account.entity';
export type { ApiKeyEntity } from './lib/entities/api-key.entity';
export { AccessGuard, presentedKey } from './lib/access/access.guard';
export type { AuthenticatedRequest } from './lib/access/access.guard';
export { SessionsService, SessionNotFoundError } from './lib/sessions/sessions.service';
export { PURGE_ENDED_SESSIONS_JOB } from './lib/sessions/sessions.retention';
export type { StartedSession, SessionUser, SessionClient } from './lib/sessions/sessions.service';
export {
  sessionCookieName,
  setSessionCookie,
  clearSessionCookie,
  readSessionToken,
} from './lib/sessions/session-cookie';
export { CurrentUser } from './lib/access/current-user.decorator';
export type { AccountRole } from './lib/entities/account.entity';
export { OAuthService } from './lib/oauth/oauth.service';
export { AccountClosureService, CLOSURE_GRACE_MS, REAUTH_WINDOW_MS } from './lib/closure/account-closure.service';
export type { AccountClosure } from './lib/closure/account-closure.service';
export { ClosedAccountsRetention } from './lib/closure/closed-accounts.retention';
export { ProfileChangesService } from './lib/profile/profile-changes.service';
export { EMAIL_CHANGE_TTL_MS } from './lib/profile/email-change.service';
export { PendingEmailChangesRetention } from './lib/profile/pending-email-changes.retention';
