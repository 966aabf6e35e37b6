import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AccountsService } from '@vipcloud/accounts';
import { AppConfig, JobPayload, JobQueue, sha256Hex } from '@vipcloud/platform';
import { MailDeliveryError } from './mailer/mailer.errors';
import { MailerService } from './mailer/mailer.service';
import { renderLowBalance } from './templates/low-balance.template';

export const EMAIL_QUEUE = 'notifications.email';

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

  private async deliver(job: JobPayload): Promise<void> {
    if (!isLowBalanceJob(job)) {
      // Retrying cannot make an unknown or malformed job valid (e.g. one from a newer version).
      this.logger.warn(`dropped an email job it cannot read (template ${String(job['template'])})`);
      return;
    }
    const account = await this.accounts.findById(job.accountId);
    if (!account || account.status === 'closed') {
      this.logger.log(`skipped low-balance email: account ${job.accountId} not found or closed`);
      return;
    }
    const email = renderLowBalance({
      balanceMicros: job.balanceMicros,
      thresholdMicros: job.thresholdMicros,
      publicUrl: this.config.publicUrl,
    });
    try {
      await this.mailer.send({ to: account.email, ...email });
    } catch (err) {
      // A permanent refusal (unknown mailbox, policy) would be refused again: log it, do not retry.
      if (err instanceof MailDeliveryError && err.permanent) {
        this.logger.warn(`low-balance email for account ${job.accountId} refused for good (${err.message})`);
        return;
      }
      throw err;
    }
  }
}

/** BullMQ refuses ':' in custom job ids; keys outside a plain alphabet (or long ones) are hashed. */
function jobId(template: string, dedupeKey: string): string {
  if (dedupeKey.length === 0) throw new RangeError('dedupeKey must not be empty');
  const key = /^[A-Za-z0-9_.-]{1,100}$/.test(dedupeKey) ? dedupeKey : sha256Hex(dedupeKey);
  return `${template}-${key}`;
}

function isLowBalanceJob(job: JobPayload): job is LowBalanceJob {
  return (
    job['template'] === 'low-balance' &&
    typeof job['accountId'] === 'string' &&
    Number.isSafeInteger(job['balanceMicros']) &&
    Number.isSafeInteger(job['thresholdMicros'])
  );
}
