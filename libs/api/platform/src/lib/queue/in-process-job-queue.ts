import { Logger } from '@nestjs/common';
import { EnqueueOptions, JobHandler, JobPayload, JobQueue } from './job-queue';

interface PendingJob {
  queue: string;
  payload: JobPayload;
  attemptsLeft: number;
  /** Retries so far (the backoff doubles with each). */
  retries: number;
  backoffMs: number;
}

const MAX_REMEMBERED_IDS = 10_000;
/**
 * Jobs of one queue running at once, as a BullMQ worker's concurrency: a burst (an announcement to
 * every account) must not open hundreds of SMTP connections at the same moment.
 */
export const IN_PROCESS_CONCURRENCY = 4;
/** setTimeout's longest delay; a longer one is waited out in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Runs jobs in this process after the current tick: the embedded default needs no Redis. */
export class InProcessJobQueue extends JobQueue {
  private readonly logger = new Logger('InProcessJobQueue');
  private readonly handlers = new Map<string, JobHandler>();
  private readonly waiting: PendingJob[] = [];
  /** Jobs waiting out their backoff before the next attempt. */
  private readonly delayed = new Map<NodeJS.Timeout, PendingJob>();
  /** Jobs enqueued with a delay, before their first attempt (drain() does not wait them out). */
  private readonly scheduled = new Map<PendingJob, NodeJS.Timeout>();
  private readonly seenIds = new Set<string>();
  private readonly running = new Map<string, number>();
  private idleWaiters: Array<() => void> = [];
  private closed = false;
  /** Set as close() begins: jobs may still be enqueued (handlers finishing), retries are not delayed. */
  private closing = false;

  constructor(private readonly concurrency = IN_PROCESS_CONCURRENCY) {
    super();
  }

  async enqueue<T extends JobPayload>(queue: string, payload: T, options: EnqueueOptions = {}): Promise<void> {
    if (this.closed) throw new Error('queue closed');
    if (options.jobId) {
      const id = `${queue}:${options.jobId}`;
      if (this.seenIds.has(id)) return;
      this.seenIds.add(id);
      // Remember recent ids only, as BullMQ keeps only recent completed jobs.
      if (this.seenIds.size > MAX_REMEMBERED_IDS) this.seenIds.delete(this.seenIds.values().next().value as string);
    }
    const job: PendingJob = {
      queue,
      payload,
      attemptsLeft: options.attempts ?? 3,
      retries: 0,
      backoffMs: options.backoffMs ?? 0,
    };
    if (options.delayMs && options.delayMs > 0 && !this.closing) {
      this.schedule(job, Date.now() + options.delayMs);
      return;
    }
    this.waiting.push(job);
    setImmediate(() => this.pump());
  }

  private schedule(job: PendingJob, dueMs: number): void {
    const timer = setTimeout(
      () => {
        if (Date.now() < dueMs) return this.schedule(job, dueMs);
        this.scheduled.delete(job);
        this.waiting.push(job);
        this.pump();
      },
      Math.min(Math.max(dueMs - Date.now(), 0), MAX_TIMER_MS),
    );
    // A delayed job never keeps a process alive on its own.
    timer.unref();
    this.scheduled.set(job, timer);
  }

  /**
   * Removes the jobs not yet running whose payload has a string field equal to `value` (waiting,
   * delayed, or waiting out a retry's backoff) and forgets job ids containing it. A running job
   * finishes; this queue keeps no finished jobs.
   */
  async discardMentioning(value: string): Promise<number> {
    const mentions = (job: PendingJob): boolean => Object.values(job.payload).some((v) => v === value);
    let removed = 0;
    for (let i = this.waiting.length - 1; i >= 0; i--) {
      if (!mentions(this.waiting[i])) continue;
      this.waiting.splice(i, 1);
      removed++;
    }
    for (const [timer, job] of this.delayed) {
      if (!mentions(job)) continue;
      clearTimeout(timer);
      this.delayed.delete(timer);
      removed++;
    }
    for (const [job, timer] of this.scheduled) {
      if (!mentions(job)) continue;
      clearTimeout(timer);
      this.scheduled.delete(job);
      removed++;
    }
    for (const id of this.seenIds) if (id.includes(value)) this.seenIds.delete(id);
    this.notifyIdle();
    return removed;
  }

  /** What is queued and not yet running, payloads included (for tests and diagnostics). */
  pendingPayloads(): Array<{ queue: string; payload: JobPayload }> {
    return [...this.waiting, ...this.delayed.values(), ...this.scheduled.keys()].map((j) => ({
      queue: j.queue,
      payload: j.payload,
    }));
  }

  handle<T extends JobPayload>(queue: string, handler: JobHandler<T>): void {
    this.handlers.set(queue, handler as JobHandler);
    setImmediate(() => this.pump());
  }

  private pump(): void {
    for (let i = 0; i < this.waiting.length;) {
      const job = this.waiting[i];
      const handler = this.handlers.get(job.queue);
      const running = this.running.get(job.queue) ?? 0;
      if (!handler || running >= this.concurrency) {
        i++;
        continue;
      }
      this.waiting.splice(i, 1);
      this.running.set(job.queue, running + 1);
      handler(job.payload)
        .catch((err: unknown) => this.failed(job, err))
        .finally(() => {
          this.running.set(job.queue, (this.running.get(job.queue) ?? 1) - 1);
          if (this.waiting.some((j) => this.handlers.has(j.queue))) setImmediate(() => this.pump());
          this.notifyIdle();
        });
    }
    this.notifyIdle();
  }

  private failed(job: PendingJob, err: unknown): void {
    job.attemptsLeft--;
    this.logger.warn(
      `job on ${job.queue} failed (${err instanceof Error ? err.name : 'error'}); ${job.attemptsLeft} attempts left`,
    );
    if (job.attemptsLeft <= 0) return;
    const delay = job.backoffMs * 2 ** job.retries;
    job.retries++;
    if (delay <= 0) {
      this.waiting.push(job);
      return;
    }
    // Closing drops the retry: the queue lives in memory only, so its owner must cope with lost jobs anyway.
    if (this.closing) return;
    const timer = setTimeout(() => {
      this.delayed.delete(timer);
      this.waiting.push(job);
      this.pump();
    }, delay);
    // A retry never keeps a process alive on its own.
    timer.unref();
    this.delayed.set(timer, job);
  }

  private isIdle(): boolean {
    const running = [...this.running.values()].some((n) => n > 0);
    const delayed = [...this.delayed.values()].some((j) => this.handlers.has(j.queue));
    return !running && !delayed && !this.waiting.some((j) => this.handlers.has(j.queue));
  }

  private notifyIdle(): void {
    if (!this.isIdle()) return;
    const waiters = this.idleWaiters;
    this.idleWaiters = [];
    waiters.forEach((w) => w());
  }

  /** Resolves when no job is waiting, running or waiting out its backoff. */
  drain(): Promise<void> {
    if (this.isIdle() && this.waiting.length === 0) return Promise.resolve();
    return new Promise((resolve) => {
      this.idleWaiters.push(resolve);
      setImmediate(() => this.pump());
    });
  }

  /** Finishes what is running or ready; retries still in their backoff are dropped (see failed()). */
  async close(): Promise<void> {
    this.closing = true;
    for (const [timer, job] of this.delayed) {
      clearTimeout(timer);
      this.logger.warn(`dropped a retry of a job on ${job.queue} as the queue closes`);
    }
    this.delayed.clear();
    for (const [job, timer] of this.scheduled) {
      clearTimeout(timer);
      this.logger.warn(`dropped a delayed job on ${job.queue} as the queue closes`);
    }
    this.scheduled.clear();
    await this.drain();
    this.closed = true;
  }
}
