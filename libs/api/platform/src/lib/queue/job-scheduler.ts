import { Logger } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { JobQueue, QueueRole } from './job-queue';

/**
 * Periodic jobs, declared by the lib that owns them (in its `onModuleInit`, next to the
 * `JobQueue.handle` that runs them): `scheduler.every('billing.purge-expired', DAY_MS)`.
 *
 * Every long-running instance (API and worker) proposes each run; the job id names the time window,
 * so the queue accepts one run per window however many instances there are. A one-shot process
 * (the operator CLI) proposes nothing: it starts no timer and exits as soon as its command is done.
 *
 * A long window is proposed more often than once per window (every `MAX_PROPOSAL_GAP_MS`): a timer of a
 * whole day would restart with every deploy, so a daily retention job on instances restarted daily would
 * never run. Proposing the current window again is harmless: its id is the same.
 */
const MAX_PROPOSAL_GAP_MS = 15 * 60_000;

export class JobScheduler {
  private readonly logger = new Logger('JobScheduler');
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly jobs: string[] = [];

  constructor(
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly role: QueueRole,
  ) {}

  /** Proposes `job` once per `everyMs` window, from the first window on. */
  every(job: string, everyMs: number): void {
    if (this.role === 'cli') return;
    const timer = setInterval(
      () => {
        const window = Math.floor(this.clock.nowMs() / everyMs);
        const jobId = `${job.replace(/[^a-z0-9-]/gi, '-')}-${window}`;
        this.queue.enqueue(job, {}, { jobId, attempts: 1 }).catch((err: unknown) => {
          this.logger.error(`could not schedule ${job}: ${err instanceof Error ? err.name : 'error'}`);
        });
      },
      Math.min(everyMs, MAX_PROPOSAL_GAP_MS),
    );
    // A schedule never keeps a process alive on its own.
    timer.unref();
    this.timers.push(timer);
    this.jobs.push(job);
  }

  /** The jobs this process proposes (none in the CLI). */
  scheduled(): readonly string[] {
    return this.jobs;
  }

  close(): void {
    for (const t of this.timers) clearInterval(t);
    this.timers.length = 0;
  }
}
