import { Logger } from '@nestjs/common';
import { Job, JobType, Queue, Worker } from 'bullmq';
import type { Redis } from 'ioredis';
import { EnqueueOptions, JobHandler, JobPayload, JobQueue, QueueRole } from './job-queue';

/**
 * The states discardMentioning() looks in, in the order jobs move through them (delayed → waiting →
 * active → completed or failed), so a job that moves on during the scan is met again further on.
 */
const DISCARDABLE_STATES: JobType[] = [
  'delayed',
  'waiting-children',
  'prioritized',
  'paused',
  'wait',
  'completed',
  'failed',
];
const PAGE = 200;

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
      delay: options.delayMs,
    });
  }

  /**
   * Looks through every queue under this prefix (those this process used and those it finds in
   * Redis: another process may have queued what this one never touches) and removes each job
   * naming `value`, kept completed and failed jobs included, with job.remove(). A job that is
   * running is locked by its worker and cannot be removed: it runs on (its handler finds no account)
   * and, if it has finished by the end of the pass, is removed then. Finally the queues' event
   * streams lose the entries naming the value (their job ids can contain it, and removing a job
   * adds a `removed` entry with its id). Cost: one read of every kept job per call.
   */
  async discardMentioning(value: string): Promise<number> {
    const mentions = (job: Job): boolean =>
      (job.id ?? '').includes(value) ||
      Object.values((job.data ?? {}) as Record<string, unknown>).some((v) => v === value);
    let removed = 0;
    let running = 0;
    for (const name of await this.knownQueues()) {
      const queue = this.queue(name);
      const found = new Map<string, Job>();
      for (const state of DISCARDABLE_STATES) {
        for (let start = 0; ; start += PAGE) {
          const page = await queue.getJobs([state], start, start + PAGE - 1, true);
          for (const job of page) if (job && job.id && mentions(job)) found.set(job.id, job);
          if (page.length < PAGE) break;
        }
      }
      const active = (await queue.getJobs(['active'])).filter((j) => j && j.id && mentions(j));
      for (const job of found.values()) if (await this.tryRemove(job)) removed++;
      // The running ones that finished meanwhile are removed now; the others stay (see above).
      for (const job of active) {
        const now = job.id ? await queue.getJob(job.id) : undefined;
        if (now && (await this.tryRemove(now))) removed++;
        else if (now) running++;
      }
      await this.dropEvents(queue, value);
    }
    if (running > 0) this.logger.warn(`${running} running job(s) could not be discarded; they run to their end`);
    return removed;
  }

  private async tryRemove(job: Job): Promise<boolean> {
    try {
      await job.remove();
      return true;
    } catch {
      // Locked: taken by a worker between the scan and now.
      return false;
    }
  }

  /** The names of this prefix's queues: each has a `meta` hash from its first job on. */
  private async knownQueues(): Promise<string[]> {
    const names = new Set(this.queues.keys());
    const head = `${this.prefix}:`;
    const pattern = `${head.replace(/[*?[\]\\]/g, '\\$&')}*:meta`;
    let cursor = '0';
    do {
      const [next, keys] = await this.connection.scan(cursor, 'MATCH', pattern, 'COUNT', 1000);
      for (const key of keys) {
        const name = key.slice(head.length, -':meta'.length);
        // Queue names cannot contain ':'; anything else is not a queue's meta hash.
        if (key.startsWith(head) && name.length > 0 && !name.includes(':')) names.add(name);
      }
      cursor = next;
    } while (cursor !== '0');
    return [...names].sort();
  }

  private async dropEvents(queue: Queue, value: string): Promise<void> {
    const key = queue.keys['events'];
    for (let after = '-'; ;) {
      const entries = await this.connection.xrange(key, after, '+', 'COUNT', 1000);
      const ids = entries.filter(([, fields]) => fields.some((f) => f.includes(value))).map(([id]) => id);
      if (ids.length > 0) await this.connection.xdel(key, ...ids);
      if (entries.length < 1000) return;
      after = `(${entries[entries.length - 1][0]}`;
    }
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
