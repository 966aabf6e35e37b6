/**
 * Background jobs behind one interface: BullMQ on Redis in production, an in-process runner in
 * the embedded default. Payloads are metadata only — never prompt or completion text.
 */
export type JobPayload = Record<string, string | number | boolean | null>;
export type JobHandler<T extends JobPayload = JobPayload> = (payload: T) => Promise<void>;

export interface EnqueueOptions {
  /** A stable id makes enqueueing idempotent: the same id is accepted once. */
  jobId?: string;
  attempts?: number;
  /**
   * Delay before the first retry, doubled for each further one (default: BullMQ waits 1 s, the
   * in-process queue retries at once). Jobs with many attempts set it so a short outage of what
   * they call (SMTP) is waited out rather than used up.
   */
  backoffMs?: number;
  /** Run no sooner than this many milliseconds from now (default: as soon as a worker is free). */
  delayMs?: number;
}

export abstract class JobQueue {
  abstract enqueue<T extends JobPayload>(queue: string, payload: T, options?: EnqueueOptions): Promise<void>;
  /**
   * Handlers run where jobs are processed: in-process always (the CLI drains what its command
   * enqueued before it exits), with BullMQ only in the worker role.
   */
  abstract handle<T extends JobPayload>(queue: string, handler: JobHandler<T>): void;
  /** Resolves when no job is waiting or running (in-process only; used by tests and shutdown). */
  abstract drain(): Promise<void>;
  /**
   * Removes every job that names `value` — a string field of its payload equal to it, or (BullMQ)
   * its job id containing it — whether waiting, delayed or, where the queue keeps them, completed
   * or failed; returns how many. Used to erase an account (value: its id) from the queues.
   *
   * Narrower than a payload predicate on purpose: payloads are flat metadata, so an id names an
   * account only as a field's whole value, and a value (unlike a predicate) can also be looked for
   * in job ids and BullMQ's event stream, which repeat the job ids. A job already running cannot be
   * removed: it runs to its end and finds no account (every handler must cope with that anyway).
   */
  abstract discardMentioning(value: string): Promise<number>;
  abstract close(): Promise<void>;
}

/**
 * What this process is for: `api` serves HTTP and proposes scheduled jobs, `worker` also consumes
 * BullMQ queues, `cli` runs one operator command (no HTTP, no timers, no queue consumers).
 */
export type QueueRole = 'api' | 'worker' | 'cli';
