import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '@vipcloud/accounts';
import { LEGAL_DOCUMENTS, LegalDocumentId } from '@vipcloud/contracts';
import { LegalAnnouncementNotice, LegalAnnouncementReceipts, LegalDocumentsService } from '@vipcloud/legal';
import { AppConfig, JobPayload, JobQueue, sha256Hex } from '@vipcloud/platform';
import { MailDeliveryError } from './mailer/mailer.errors';
import { MailerService } from './mailer/mailer.service';
import type { RenderedEmail } from './templates/email-template.types';
import { renderLegalChange } from './templates/legal-change.template';
import { renderLowBalance } from './templates/low-balance.template';
import { renderAccountClosing, renderConfirmEmailChange, renderExportReady } from './templates/privacy.templates';

export const EMAIL_QUEUE = 'notifications.email';
/**
 * An announcement's job tries for about 11 minutes (5 s, 10 s, … 320 s apart) before it gives up, so
 * an SMTP outage during a mass send is waited out; one longer still is covered by legal queueing the
 * row again later (REQUEUE_UNSENT_MS, which must stay above this span).
 */
const LEGAL_CHANGE_ATTEMPTS = 8;
const LEGAL_CHANGE_BACKOFF_MS = 5_000;

export interface LowBalanceNotice {
  accountId: string;
  balanceMicros: number;
  thresholdMicros: number;
  /**
   * Stable for one occasion (e.g. the ledger entry that crossed the threshold): the same key is
   * enqueued once, however often the caller retries.
   */
  dedupeKey: string;
}

/** What a job carries: ids and numbers only. Addresses and text are resolved and rendered at send time. */
type LowBalanceJob = { template: 'low-balance'; accountId: string; balanceMicros: number; thresholdMicros: number };
type LegalChangeJob = { template: 'legal-change'; accountId: string; document: LegalDocumentId; version: string };
type ExportReadyJob = { template: 'export-ready'; accountId: string; exportId: string; expiresAtMs: number };
type AccountClosingJob = { template: 'account-closing'; accountId: string; deleteAfterMs: number };
type EmailJob = LowBalanceJob | LegalChangeJob | ExportReadyJob | AccountClosingJob;

/**
 * Email to account holders. Callers enqueue (fast, inside their own flow); the worker (BullMQ)
 * or the in-process runner looks up the recipient, renders and sends, retrying transient failures.
 */
@Injectable()
export class NotificationsService implements OnModuleInit {
  private readonly logger = new Logger('Notifications');

  constructor(
    private readonly queue: JobQueue,
    private readonly accounts: AccountsService,
    private readonly mailer: MailerService,
    private readonly config: AppConfig,
    private readonly legal: LegalDocumentsService,
    private readonly receipts: LegalAnnouncementReceipts,
  ) {}

  onModuleInit(): void {
    this.queue.handle(EMAIL_QUEUE, (job) => this.deliver(job));
  }

  async lowBalance(notice: LowBalanceNotice): Promise<void> {
    for (const field of ['balanceMicros', 'thresholdMicros'] as const) {
      if (!Number.isSafeInteger(notice[field]))
        throw new RangeError(`${field} must be an integer number of micro-units`);
    }
    const job: LowBalanceJob = {
      template: 'low-balance',
      accountId: notice.accountId,
      balanceMicros: notice.balanceMicros,
      thresholdMicros: notice.thresholdMicros,
    };
    await this.queue.enqueue(EMAIL_QUEUE, job, { jobId: jobId('low-balance', notice.dedupeKey) });
  }

  /**
   * The announcement of a material new version of a legal document (see LegalAnnouncementsService):
   * queued once per document, version, account and round, and sent once per document, version and
   * account (the job checks and records it on legal's row).
   */
  async legalChange(notice: LegalAnnouncementNotice, round: number): Promise<void> {
    const job: LegalChangeJob = {
      template: 'legal-change',
      accountId: notice.accountId,
      document: notice.document,
      version: notice.version,
    };
    await this.queue.enqueue(EMAIL_QUEUE, job, {
      jobId: jobId('legal-change', `${notice.document}-${notice.version}-${notice.accountId}-${round}`),
      attempts: LEGAL_CHANGE_ATTEMPTS,
      backoffMs: LEGAL_CHANGE_BACKOFF_MS,
    });
  }

  /** The export is ready to download (sent once per export). */
  async exportReady(accountId: string, exportId: string, expiresAt: Date): Promise<void> {
    const job: ExportReadyJob = { template: 'export-ready', accountId, exportId, expiresAtMs: expiresAt.getTime() };
    await this.queue.enqueue(EMAIL_QUEUE, job, { jobId: jobId('export-ready', exportId) });
  }

  /** The account was closed and is deleted on `deleteAfter` (sent once per closure). */
  async accountClosing(accountId: string, deleteAfter: Date): Promise<void> {
    const job: AccountClosingJob = { template: 'account-closing', accountId, deleteAfterMs: deleteAfter.getTime() };
    await this.queue.enqueue(EMAIL_QUEUE, job, {
      jobId: jobId('account-closing', `${accountId}-${deleteAfter.getTime()}`),
    });
  }

  /**
   * The link that confirms a new address, sent to that address at once rather than queued: the link
   * carries a secret (kept only as a hash by accounts) and the address is not yet the account's, and
   * neither belongs in a job payload. A failure reaches the caller, who can ask again.
   */
  async confirmEmailChange(accountId: string, newEmail: string, confirmUrl: string): Promise<void> {
    const account = await this.accounts.findById(accountId);
    if (!account || account.status !== 'active') {
      this.logger.log(`skipped email-change email: account ${accountId} not found or not active`);
      return;
    }
    await this.mailer.send({ to: newEmail, ...renderConfirmEmailChange({ newEmail, confirmUrl }) });
  }

  private async deliver(job: JobPayload): Promise<void> {
    if (!isLowBalanceJob(job) && !isLegalChangeJob(job) && !isExportReadyJob(job) && !isAccountClosingJob(job)) {
      // Retrying cannot make an unknown or malformed job valid (e.g. one from a newer version).
      this.logger.warn(`dropped an email job it cannot read (template ${String(job['template'])})`);
      return;
    }
    if (job.template !== 'legal-change') return this.send(job);
    // An announcement queued twice (a run taken over, a lost job queued again) is sent once.
    if (!(await this.receipts.beginSending(job))) {
      this.logger.log(`skipped legal-change email: account ${job.accountId} was sent it, or is being sent it`);
      return;
    }
    try {
      await this.send(job);
    } catch (err) {
      await this.receipts.abandonSending(job);
      throw err;
    }
    try {
      // Also when nothing was sent (account gone, refused for good): the row is done with either way.
      await this.receipts.markSent(job);
    } catch (err) {
      // Not retried: a retry would send the message again. The row stays unsent, and legal queues it
      // again much later (a second email then, the lesser harm than none).
      this.logger.error(
        `could not record the legal-change email for account ${job.accountId} as sent: ${err instanceof Error ? err.name : 'error'}`,
      );
    }
  }

  /** Looks up the recipient, renders and sends; throws what is worth retrying. */
  private async send(job: EmailJob): Promise<void> {
    const account = await this.accounts.findById(job.accountId);
    // Legal news goes to active accounts only; a billing warning or an export also to a suspended one (it
    // owes or holds money, or has a right to its data); the closure notice to the closed account it is about.
    const inactive =
      job.template === 'legal-change'
        ? account?.status !== 'active'
        : job.template === 'account-closing'
          ? account?.status !== 'closed'
          : account?.status === 'closed';
    if (!account || inactive) {
      this.logger.log(`skipped ${job.template} email: account ${job.accountId} not found or not active`);
      return;
    }
    const email = this.render(job);
    if (!email) return;
    try {
      await this.mailer.send({ to: account.email, ...email });
    } catch (err) {
      // A permanent refusal (unknown mailbox, policy) would be refused again: log it, do not retry.
      if (err instanceof MailDeliveryError && err.permanent) {
        this.logger.warn(`${job.template} email for account ${job.accountId} refused for good (${err.message})`);
        return;
      }
      throw err;
    }
  }

  private render(job: EmailJob): RenderedEmail | null {
    const publicUrl = this.config.publicUrl;
    if (job.template === 'low-balance')
      return renderLowBalance({ balanceMicros: job.balanceMicros, thresholdMicros: job.thresholdMicros, publicUrl });
    if (job.template === 'export-ready') return renderExportReady({ expiresAt: new Date(job.expiresAtMs), publicUrl });
    if (job.template === 'account-closing')
      return renderAccountClosing({ deleteAfter: new Date(job.deleteAfterMs), publicUrl });
    const version = this.legal.version(job.document, job.version);
    if (!version) {
      // The manifest no longer lists it (a version withdrawn before its announcement went out).
      this.logger.warn(`dropped the announcement of ${job.document} ${job.version}: not in the legal manifest`);
      return null;
    }
    return renderLegalChange({
      document: job.document,
      version: version.version,
      effective: version.effective,
      summary: version.summary,
      publicUrl,
    });
  }
}

/** BullMQ refuses ':' in custom job ids; keys outside a plain alphabet (or long ones) are hashed. */
function jobId(template: string, dedupeKey: string): string {
  if (dedupeKey.length === 0) throw new RangeError('dedupeKey must not be empty');
  const key = /^[A-Za-z0-9_.-]{1,100}$/.test(dedupeKey) ? dedupeKey : sha256Hex(dedupeKey);
  return `${template}-${key}`;
}

function isLegalChangeJob(job: JobPayload): job is LegalChangeJob {
  return (
    job['template'] === 'legal-change' &&
    typeof job['accountId'] === 'string' &&
    LEGAL_DOCUMENTS.includes(job['document'] as LegalDocumentId) &&
    typeof job['version'] === 'string'
  );
}

function isExportReadyJob(job: JobPayload): job is ExportReadyJob {
  return (
    job['template'] === 'export-ready' &&
    typeof job['accountId'] === 'string' &&
    typeof job['exportId'] === 'string' &&
    Number.isSafeInteger(job['expiresAtMs'])
  );
}

function isAccountClosingJob(job: JobPayload): job is AccountClosingJob {
  return (
    job['template'] === 'account-closing' &&
    typeof job['accountId'] === 'string' &&
    Number.isSafeInteger(job['deleteAfterMs'])
  );
}

function isLowBalanceJob(job: JobPayload): job is LowBalanceJob {
  return (
    job['template'] === 'low-balance' &&
    typeof job['accountId'] === 'string' &&
    Number.isSafeInteger(job['balanceMicros']) &&
    Number.isSafeInteger(job['thresholdMicros'])
  );
}
