import { Logger } from '@nestjs/common';
import { Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { EnqueueOptions, JobHandler, JobPayload, JobQueue, QueueRole } from './job-queue';

/** BullMQ on the shared Redis; handlers only consume in the worker process. */
export class BullMqJobQueue extends JobQueue {
  private readonly logger = new Logger('BullMqJobQueue');
  private readonly queues = new Map<string, Queue>();
  private readonly workers: Array<{ worker: Worker; connection: Redis }> = [];

  constructor(
    private readonly connection: Redis,
    private readonly role: QueueRole,
    private readonly prefix = 'vipcloud',
  ) {
    super();
  }

  private queue(name: string): Queue {
    let q = this.queues.get(name);
    if (!q) {
      q = new Queue(name, { connection: this.connection, prefix: this.prefix });
      this.queues.set(name, q);
    }
    return q;
  }

  async enqueue<T extends JobPayload>(queue: string, payload: T, options: EnqueueOptions = {}): Promise<void> {
    await this.queue(queue).add(queue, payload, {
      jobId: options.jobId,
      attempts: options.attempts ?? 3,
      backoff: { type: 'exponential', delay: options.backoffMs ?? 1000 },
      removeOnComplete: 1000,
      removeOnFail: 5000,
    });
  }

  handle<T extends JobPayload>(queue: string, handler: JobHandler<T>): void {
    if (this.role !== 'worker') return;
    const connection = this.connection.duplicate({ maxRetriesPerRequest: null });
    const worker = new Worker<T>(queue, async (job) => handler(job.data), {
      connection,
      prefix: this.prefix,
      concurrency: 4,
    });
    worker.on('failed', (job, err) => this.logger.warn(`job ${job?.id ?? '?'} on ${queue} failed: ${err.name}`));
    this.workers.push({ worker, connection });
  }

  async drain(): Promise<void> {
    // Jobs live in Redis and are drained by the worker process, not here.
  }

  async close(): Promise<void> {
    await Promise.all(
      this.workers.map(async ({ worker, connection }) => {
        // With Redis unreachable a graceful close waits for a reconnect that may never come: stop
        // at once (a job cut short stays locked in Redis and is retried after the stall check).
        if (connection.status !== 'ready') {
          await worker.close(true);
          connection.disconnect();
          return;
        }
        await worker.close();
        await worker.disconnect();
      }),
    );
    await Promise.all([...this.queues.values()].map((q) => q.close()));
  }
}
