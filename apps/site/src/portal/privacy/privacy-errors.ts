/**
 * The privacy operations' own refusals. The contract names them in capitals (EXPORT_IN_PROGRESS,
 * REAUTH_REQUIRED); the API sends its codes as `extensions.reason` in lower case, or as the code itself:
 * either form is recognised, so the page says its own sentence for them whatever the catalog holds.
 */
import { PortalError } from '../graphql/graphql-client';

export type PrivacyErrorCode = 'EXPORT_IN_PROGRESS' | 'REAUTH_REQUIRED';

export function isPrivacyError(err: unknown, code: PrivacyErrorCode): boolean {
  if (!(err instanceof PortalError)) return false;
  return err.code.toUpperCase() === code || (err.reason ?? '').toUpperCase() === code;
}
