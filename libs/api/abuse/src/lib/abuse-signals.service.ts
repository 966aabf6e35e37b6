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

type RefusalJob = { [K in keyof RefusalEvent]: RefusalEvent[K] } & { occurredAt: string };

/**
 * Records provider refusals as abuse signals. The request path only enqueues (metadata only);
 * the worker stores them, so a slow database never delays an answer.
 */
@Injectable()
export class AbuseSignalsService implements OnModuleInit {
  constructor(
    private readonly queue: JobQueue,
    private readonly signals: AbuseSignalsRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    this.queue.handle<RefusalJob>(ABUSE_SIGNALS_QUEUE, (job) => this.store(job));
  }

  async reportRefusal(event: RefusalEvent): Promise<void> {
    const job: RefusalJob = { ...event, occurredAt: this.clock.now().toISOString() };
    await this.queue.enqueue(ABUSE_SIGNALS_QUEUE, job, { jobId: `refusal-${event.requestId}` });
  }

  private async store(job: RefusalJob): Promise<void> {
    await this.signals.insertOnce(
      Object.assign(new AbuseSignalEntity(), {
        id: randomUUID(),
        createdAt: new Date(job.occurredAt),
        kind: 'refusal',
        requestId: job.requestId,
        accountId: job.accountId,
        apiKeyId: job.apiKeyId,
        model: job.model,
        provider: job.provider,
        stage: job.stage,
        upstreamCode: job.upstreamCode,
      }),
    );
  }

  listForAccount(accountId: string): Promise<AbuseSignalEntity[]> {
    return this.signals.listForAccount(accountId);
  }
}
