import { randomUUID } from 'node:crypto';
import { Injectable, OnModuleInit } from '@nestjs/common';
import { Clock, JobQueue } from '@vipcloud/platform';
import { AbuseSignalsRepository } from './abuse-signals.repository';
import { AbuseSignalEntity, RefusalStage } from './entities/abuse-signal.entity';

export const ABUSE_SIGNALS_QUEUE = 'abuse-signals';

export interface RefusalEvent {
  requestId: string;
  accountId: string;
  apiKeyId: string;
  model: string;
  provider: string;
  stage: RefusalStage;
  upstreamCode: string | null;
}

/** A request refused by a rate limit: which limit (its error code) of which holder. */
export interface RateLimitTrigger {
  requestId: string;
  accountId: string;
  apiKeyId: string;
  model: string;
  scope: 'key' | 'account';
  code: string;
}

/** One key used from more client networks than a person would use in a window: a hint that it is shared. */
export interface KeySharingHint {
  accountId: string;
  apiKeyId: string;
  /** Distinct truncated networks (/24, /48) the key was used from in the window. */
  networks: number;
  /** The window's start (its id makes the signal once per key and window). */
  windowStart: Date;
}

type RefusalJob = { [K in keyof RefusalEvent]: RefusalEvent[K] } & { kind?: 'refusal'; occurredAt: string };
type RateLimitJob = { [K in keyof RateLimitTrigger]: RateLimitTrigger[K] } & { kind: 'rate_limit'; occurredAt: string };
/** A report named one of the account's keys. */
export interface ManualReport {
  reportId: string;
  accountId: string;
  apiKeyId: string;
  category: string;
}

type ReportJob = {
  kind: 'report';
  reportId: string;
  accountId: string;
  apiKeyId: string;
  category: string;
  occurredAt: string;
};
type KeySharingJob = {
  kind: 'key_sharing';
  accountId: string;
  apiKeyId: string;
  networks: number;
  windowStart: string;
};
type SignalJob = RefusalJob | RateLimitJob | KeySharingJob | ReportJob;

/**
 * Records abuse signals: provider refusals and rate limit triggers. The request path only enqueues
 * (metadata only); the worker stores them, so a slow database never delays an answer.
 */
@Injectable()
export class AbuseSignalsService implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly signals: AbuseSignalsRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.queue.handle<SignalJob>(ABUSE_SIGNALS_QUEUE, (job) => this.store(job));
  }

  async reportRefusal(event: RefusalEvent): Promise<void> {
    const job: RefusalJob = { ...event, occurredAt: this.clock.now().toISOString() };
    await this.queue.enqueue(ABUSE_SIGNALS_QUEUE, job, { jobId: `refusal-${event.requestId}` });
  }

  /** A rate limit refused a request (the caller deduplicates: one per holder and limit in a while). */
  async reportRateLimit(trigger: RateLimitTrigger): Promise<void> {
    const job: RateLimitJob = { ...trigger, kind: 'rate_limit', occurredAt: this.clock.now().toISOString() };
    await this.queue.enqueue(ABUSE_SIGNALS_QUEUE, job, { jobId: `rate-limit-${trigger.requestId}` });
  }

  async reportKeySharing(hint: KeySharingHint): Promise<void> {
    const job: KeySharingJob = {
      kind: 'key_sharing',
      accountId: hint.accountId,
      apiKeyId: hint.apiKeyId,
      networks: hint.networks,
      windowStart: hint.windowStart.toISOString(),
    };
    await this.queue.enqueue(ABUSE_SIGNALS_QUEUE, job, { jobId: keySharingId(hint) });
  }

  async reportManual(report: ManualReport): Promise<void> {
    const job: ReportJob = { ...report, kind: 'report', occurredAt: this.clock.now().toISOString() };
    await this.queue.enqueue(ABUSE_SIGNALS_QUEUE, job, { jobId: `report-${report.reportId}` });
  }

  private async store(job: SignalJob): Promise<void> {
    if (job.kind === 'report') {
      await this.signals.insertOnce(
        Object.assign(new AbuseSignalEntity(), {
          id: randomUUID(),
          createdAt: new Date(job.occurredAt),
          kind: 'report',
          requestId: `report-${job.reportId}`,
          accountId: job.accountId,
          apiKeyId: job.apiKeyId,
          model: null,
          provider: null,
          stage: null,
          upstreamCode: null,
          detail: `category:${job.category}`,
        }),
      );
      return;
    }
    if (job.kind === 'key_sharing') {
      await this.signals.insertOnce(
        Object.assign(new AbuseSignalEntity(), {
          id: randomUUID(),
          createdAt: this.clock.now(),
          kind: 'key_sharing',
          // One signal per key and window: the unique column takes the window's id.
          requestId: keySharingId({ ...job, windowStart: new Date(job.windowStart) }),
          accountId: job.accountId,
          apiKeyId: job.apiKeyId,
          model: null,
          provider: null,
          stage: null,
          upstreamCode: null,
          detail: `networks:${job.networks}`,
        }),
      );
      return;
    }
    const common = {
      id: randomUUID(),
      createdAt: new Date(job.occurredAt),
      requestId: job.requestId,
      accountId: job.accountId,
      apiKeyId: job.apiKeyId,
      model: job.model,
    };
    const signal =
      job.kind === 'rate_limit'
        ? {
            ...common,
            kind: 'rate_limit',
            provider: null,
            stage: null,
            upstreamCode: null,
            detail: `${job.scope}:${job.code}`,
          }
        : {
            ...common,
            kind: 'refusal',
            provider: job.provider,
            stage: job.stage,
            upstreamCode: job.upstreamCode,
            detail: null,
          };
    await this.signals.insertOnce(Object.assign(new AbuseSignalEntity(), signal));
  }

  listForAccount(accountId: string): Promise<AbuseSignalEntity[]> {
    return this.signals.listForAccount(accountId);
  }
}

function keySharingId(hint: Pick<KeySharingHint, 'apiKeyId' | 'windowStart'>): string {
  return `key-sharing-${hint.apiKeyId}-${hint.windowStart.getTime()}`;
}
