import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import { Clock, InvalidRequestError } from '@vipcloud/platform';
import { ErasureDeferredError, PersonalDataRegistry, PrivacyMailer, RightsRequestsService } from '@vipcloud/privacy';
import { AccountInactiveError, AccountNotFoundError } from '../accounts/accounts.errors';
import { AccountsRepository } from '../accounts/accounts.repository';
import { ApiKeysService } from '../api-keys/api-keys.service';
import type { AccountEntity } from '../entities/account.entity';
import { SessionsService, SessionUser } from '../sessions/sessions.service';
import { ConfirmEmailMismatchError, PrivacyUnavailableError, ReauthRequiredError } from './account-closure.errors';

const MINUTE_MS = 60_000;
/** How recent the sign-in behind a closure must be: proof that the account's owner is at the keyboard. */
export const REAUTH_WINDOW_MS = 15 * MINUTE_MS;
/** A closed account is erased this long after closing unless its owner signs in meanwhile (privacy policy §5). */
export const CLOSURE_GRACE_MS = 30 * 24 * 60 * MINUTE_MS;
const NOTE_MAX_LENGTH = 2000;

export interface AccountClosure {
  closedAt: Date;
  deleteAfter: Date;
}

/**
 * The Delete right: an owner closes their account (keys and sessions stop at once on every
 * instance), may reopen it by signing in within the grace period, and is erased after it; support
 * closes an account reported as under 18 and erases it at once.
 */
@Injectable()
export class AccountClosureService {
  private readonly logger = new Logger('AccountClosure');

  constructor(
    private readonly accounts: AccountsRepository,
    private readonly sessions: SessionsService,
    private readonly keys: ApiKeysService,
    private readonly clock: Clock,
    // Absent only in the CLI role (see PrivacyUnavailableError), where OAuthService needs this service
    // for its operator commands and no account is closed or reopened.
    @Optional() @Inject(PrivacyMailer) private readonly mailerPort: PrivacyMailer | null,
    @Optional() @Inject(PersonalDataRegistry) private readonly registry: PersonalDataRegistry | null,
    @Optional() @Inject(RightsRequestsService) private readonly rights: RightsRequestsService | null,
  ) {}

  private get mailer(): PrivacyMailer {
    if (!this.mailerPort) throw new PrivacyUnavailableError();
    return this.mailerPort;
  }

  private get personalData(): PersonalDataRegistry {
    if (!this.registry) throw new PrivacyUnavailableError();
    return this.registry;
  }

  private get rightsRequests(): RightsRequestsService {
    if (!this.rights) throw new PrivacyUnavailableError();
    return this.rights;
  }

  /**
   * Closes the signed-in user's account, after checking the typed email and that the session was
   * started within the last 15 minutes. Resolves once every session has ended and every instance
   * refuses the account's keys.
   */
  async close(user: SessionUser, confirmEmail: string): Promise<AccountClosure> {
    const { account, session } = user;
    if (confirmEmail.trim().toLowerCase() !== account.email) throw new ConfirmEmailMismatchError();
    const now = this.clock.now();
    if (now.getTime() - session.createdAt.getTime() > REAUTH_WINDOW_MS)
      throw new ReauthRequiredError(REAUTH_WINDOW_MS / MINUTE_MS);
    const closure = { closedAt: now, deleteAfter: new Date(now.getTime() + CLOSURE_GRACE_MS) };
    // Only an active account closes. The guard let this session in, so it was active a moment ago:
    // if not now, a concurrent closure won, and its request, email and dates stand.
    if (!(await this.accounts.close(account.id, closure.closedAt, closure.deleteAfter))) {
      const current = await this.accounts.findById(account.id);
      if (current?.status !== 'closed' || !current.closedAt || !current.deleteAfter) throw new AccountInactiveError();
      await this.stopAccess(account.id);
      return { closedAt: current.closedAt, deleteAfter: current.deleteAfter };
    }
    await this.stopAccess(account.id);
    // The deletion request the portal started; it is completed by the erasure, or cancelled by a sign-in.
    await this.rightsRequests.recordSelfService(
      account.id,
      'DELETION',
      'IN_PROGRESS',
      `Account closed in the portal; erased after ${closure.deleteAfter.toISOString()} unless its owner signs in.`,
    );
    try {
      await this.mailer.accountClosing(account.id, closure.deleteAfter);
    } catch (err) {
      // The account is closed either way; the portal has shown the date already.
      this.logger.error(`closing notice for ${account.id} not queued: ${err instanceof Error ? err.name : 'error'}`);
    }
    this.logger.log(`account ${account.id} closed; erased after ${closure.deleteAfter.toISOString()}`);
    return closure;
  }

  /**
   * A sign-in to an account in its grace period reopens it: active again, its keys work again (its
   * sessions stay ended; the sign-in starts a new one). False when the account is not one to reopen.
   */
  async reopenOnSignIn(account: AccountEntity): Promise<boolean> {
    if (account.status !== 'closed') return false;
    if (!(await this.accounts.reopen(account.id, this.clock.now()))) return false;
    await this.keys.forgetCachedKeys();
    await this.answerDeletionRequests(
      account.id,
      'CANCELLED',
      'Cancelled: the owner signed in within the grace period.',
    );
    this.logger.log(`account ${account.id} reopened by its owner within the grace period`);
    return true;
  }

  /**
   * Support: an account reported as belonging to someone under 18 is closed and erased at once, with
   * no grace period (its billing records stay, pseudonymised, like any closed account's).
   */
  async closeUnderage(email: string, note: string): Promise<void> {
    if (note.length > NOTE_MAX_LENGTH)
      throw new InvalidRequestError(`The note can be at most ${NOTE_MAX_LENGTH} characters.`, 'note', 'invalid_value');
    const account = await this.accounts.findByEmail(email.trim().toLowerCase());
    if (!account) throw new AccountNotFoundError(email);
    const now = this.clock.now();
    await this.accounts.closeAt(account.id, now);
    await this.stopAccess(account.id);
    // Recorded before the erasure, which keeps the request (type, dates, status) without the person.
    await this.rightsRequests.recordSelfService(account.id, 'UNDERAGE_REPORT', 'COMPLETED', note.trim() || undefined);
    try {
      await this.erase(account.id);
      this.logger.log(`account ${account.id} closed and erased on an under-18 report`);
    } catch (err) {
      if (!(err instanceof ErasureDeferredError)) throw err;
      // A request that was running when access stopped has not been charged yet. The account is closed
      // and due (deleteAfter = now), so the hourly closed-accounts task erases it once that has landed.
      this.logger.warn(`account ${account.id} closed on an under-18 report; ${err.message}`);
    }
  }

  /**
   * Erases every closed account whose grace period has ended, a batch of ids at a time (keyset
   * order, so an account a source cannot erase yet does not hold up the others). Each erasure is
   * idempotent and the account's own row goes last, so a run that stopped half-way is finished by
   * the next. Returns how many records were erased or pseudonymised.
   */
  async eraseDue(batch = 50): Promise<number> {
    const cutoff = this.clock.now();
    let total = 0;
    let after: string | null = null;
    for (;;) {
      const ids = await this.accounts.closedDueIds(cutoff, after, batch);
      for (const id of ids) {
        // Its last requests still to be charged: the next run erases it (and answers its request then).
        const blockers = await this.personalData.erasureBlockers(id);
        if (blockers.length > 0) {
          this.logger.warn(`erasure of ${id} deferred: ${blockers.join('; ')}`);
          continue;
        }
        await this.answerDeletionRequests(id, 'COMPLETED', 'Erased after the grace period.');
        try {
          total += await this.erase(id);
        } catch (err) {
          if (!(err instanceof ErasureDeferredError)) throw err;
          this.logger.warn(err.message);
        }
      }
      if (ids.length < batch) return total;
      after = ids[ids.length - 1];
    }
  }

  /** Every lib's data about the account, through privacy's registry (billing pseudonymises). */
  private async erase(accountId: string): Promise<number> {
    const erased = await this.personalData.eraseAll(accountId);
    return [...erased.values()].reduce((sum, n) => sum + n, 0);
  }

  /** Every session ends and every instance stops accepting the account's keys, before this resolves. */
  private async stopAccess(accountId: string): Promise<void> {
    await this.sessions.endAll(accountId);
    await this.keys.forgetCachedKeys();
  }

  /** Answers the account's open deletion requests (normally the one its closure started). */
  private async answerDeletionRequests(
    accountId: string,
    status: 'COMPLETED' | 'CANCELLED',
    note: string,
  ): Promise<void> {
    for (const request of await this.rightsRequests.listOwn(accountId))
      if (request.type === 'DELETION' && (request.status === 'OPEN' || request.status === 'IN_PROGRESS'))
        await this.rightsRequests.update(request.id, status, note);
  }
}
