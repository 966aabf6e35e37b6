export { AccountsModule, ACCOUNTS_ENTITIES } from './lib/accounts.module';
export { AccountsService } from './lib/accounts/accounts.service';
export { ApiKeysService, API_KEY_PREFIX, assertModelAllowed } from './lib/api-keys/api-keys.service';
export type { AuthenticatedKey, CreatedApiKey, CreateKeyOptions } from './lib/api-keys/api-keys.service';
export type { AccountEntity, AccountStatus } from './lib/entities/account.entity';
export type { ApiKeyEntity } from './lib/entities/api-key.entity';
export { AccessGuard, presentedKey } from './lib/access/access.guard';
export type { AuthenticatedRequest } from './lib/access/access.guard';
