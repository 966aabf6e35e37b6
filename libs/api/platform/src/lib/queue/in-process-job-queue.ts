import { Logger } from '@nestjs/common';
import { EnqueueOptions, JobHandler, JobPayload, JobQueue } from './job-queue';

interface PendingJob {
  queue: string;
  payload: JobPayload;
  attemptsLeft: number;
}

const MAX_REMEMBERED_IDS = 10_000;

/** Runs jobs in this process after the current tick: the embedded default needs no Redis. */
export class InProcessJobQueue extends JobQueue {
  private readonly logger = new Logger('InProcessJobQueue');
  private readonly handlers = new Map<string, JobHandler>();
  private readonly waiting: PendingJob[] = [];
  private readonly seenIds = new Set<string>();
  private running = 0;
  private idleWaiters: Array<() => void> = [];
  private closed = false;

  async enqueue<T extends JobPayload>(queue: string, payload: T, options: EnqueueOptions = {}): Promise<void> {
    if (this.closed) throw new Error('queue closed');
    if (options.jobId) {
      const id = `${queue}:${options.jobId}`;
      if (this.seenIds.has(id)) return;
      this.seenIds.add(id);
      // Remember recent ids only, as BullMQ keeps only recent completed jobs.
      if (this.seenIds.size > MAX_REMEMBERED_IDS) this.seenIds.delete(this.seenIds.values().next().value as string);
    }
    this.waiting.push({ queue, payload, attemptsLeft: options.attempts ?? 3 });
    setImmediate(() => this.pump());
  }

  handle<T extends JobPayload>(queue: string, handler: JobHandler<T>): void {
    this.handlers.set(queue, handler as JobHandler);
    setImmediate(() => this.pump());
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length;) {
      const job = this.waiting[i];
      const handler = this.handlers.get(job.queue);
      if (!handler) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.running++;
      handler(job.payload)
        .catch((err: unknown) => {
          job.attemptsLeft--;
          this.logger.warn(
            `job on ${job.queue} failed (${err instanceof Error ? err.name : 'error'}); ${job.attemptsLeft} attempts left`,
          );
          if (job.attemptsLeft > 0) this.waiting.push(job);
        })
        .finally(() => {
          this.running--;
          if (this.waiting.some((j) => this.handlers.has(j.queue))) setImmediate(() => this.pump());
          this.notifyIdle();
        });
    }
    this.notifyIdle();
  }

  private isIdle(): boolean {
    return this.running === 0 && !this.waiting.some((j) => this.handlers.has(j.queue));
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }

  drain(): Promise<void> {
    if (this.isIdle() && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      setImmediate(() => this.pump());
    });
  }

  async close(): Promise<void> {
    await this.drain();
    this.closed = true;
  }
}
