import type { LegalDocumentsService } from '@vipcloud/legal';
import type { AccountEntity } from '../entities/account.entity';
import { AccountModel, Role } from './account.model';

/**
 * The account as the portal sees it: no column leaks, and whether the Terms must be accepted again.
 * `signInMethods` is not here: it needs a query, so AccountResolver resolves it only when asked.
 */
export function toAccountModel(account: AccountEntity, legal: LegalDocumentsService): AccountModel {
  return {
    id: account.id,
    email: account.email,
    displayName: account.displayName,
    role: account.role as Role,
    createdAt: account.createdAt,
    termsAcceptanceRequired: legal.termsAcceptanceRequired(account.termsVersion),
  };
}
