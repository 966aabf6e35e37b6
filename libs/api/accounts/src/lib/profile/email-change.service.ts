import { randomBytes } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppConfig, Clock, sha256Hex } from '@vipcloud/platform';
import { PrivacyMailer } from '@vipcloud/privacy';
import { AccountsRepository } from '../accounts/accounts.repository';
import { normalizeEmail } from '../accounts/accounts.service';
import type { AccountEntity } from '../entities/account.entity';
import { PendingEmailChangeEntity } from '../entities/pending-email-change.entity';
import { EmailTakenError, EmailUnchangedError } from './email-change.errors';
import { EmailChangesRepository } from './email-changes.repository';

/** How long the link sent to the new address works. */
export const EMAIL_CHANGE_TTL_MS = 24 * 3600_000;
const TOKEN_BYTES = 32;
/** The public route the link points at (EmailChangeController). */
export const EMAIL_CONFIRM_PATH = '/account/email/confirm';

export type EmailConfirmation = 'confirmed' | 'invalid';

/**
 * The Correct right for the contact email: a new address replaces the old one only once a link
 * sent to it is followed, so nobody can point an account at an address they do not hold (and the
 * account keeps receiving mail at the old one meanwhile).
 */
@Injectable()
export class EmailChangeService {
  private readonly logger = new Logger('EmailChange');

  constructor(
    private readonly pending: EmailChangesRepository,
    private readonly accounts: AccountsRepository,
    private readonly mailer: PrivacyMailer,
    private readonly clock: Clock,
    private readonly config: AppConfig,
  ) {}

  async request(account: AccountEntity, raw: string): Promise<PendingEmailChangeEntity> {
    const email = normalizeEmail(raw);
    if (email === account.email) throw new EmailUnchangedError();
    // Checked here for a clear answer at once; the unique index decides again at confirmation.
    if (await this.accounts.findByEmail(email)) throw new EmailTakenError();
    const token = randomBytes(TOKEN_BYTES).toString('base64url');
    const now = this.clock.now();
    const change = Object.assign(new PendingEmailChangeEntity(), {
      accountId: account.id,
      email,
      tokenHash: sha256Hex(token),
      requestedAt: now,
      expiresAt: new Date(now.getTime() + EMAIL_CHANGE_TTL_MS),
    });
    await this.pending.replace(change);
    const link = `${this.config.publicUrl}${EMAIL_CONFIRM_PATH}?token=${encodeURIComponent(token)}`;
    await this.mailer.confirmEmailChange(account.id, email, link);
    return change;
  }

  /** The account's pending change while its link still works, else null. */
  async current(accountId: string): Promise<PendingEmailChangeEntity | null> {
    const change = await this.pending.findByAccount(accountId);
    return change && change.expiresAt.getTime() > this.clock.nowMs() ? change : null;
  }

  /** Follows a link: the account takes the new email, or nothing happens (unknown, used or expired link). */
  async confirm(token: string | undefined): Promise<EmailConfirmation> {
    if (!token || token.length > 200) return 'invalid';
    const change = await this.pending.findByTokenHash(sha256Hex(token));
    if (!change) return 'invalid';
    if (change.expiresAt.getTime() <= this.clock.nowMs()) {
      await this.pending.delete(change.accountId, change.tokenHash);
      return 'invalid';
    }
    const outcome = await this.pending.confirm(change, this.clock.now());
    if (outcome === 'taken') this.logger.warn(`email change of ${change.accountId} refused: address taken meanwhile`);
    return outcome === 'confirmed' ? 'confirmed' : 'invalid';
  }

  /** Pending changes whose link expired: the new address is personal data with no use left. */
  purgeExpired(): Promise<number> {
    return this.pending.deleteExpired(this.clock.now());
  }
}
