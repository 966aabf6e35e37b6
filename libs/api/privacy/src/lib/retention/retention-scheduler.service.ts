import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { Clock, JobQueue, JobScheduler } from '@vipcloud/platform';
import { providersOf } from '../personal-data/provider-discovery';
import { RetentionTask } from '../ports/retention-task.port';
import { RetentionAuditRepository } from './retention-audit.repository';
import { retentionJobName } from './retention-job-name';

/** Two tasks claimed the same kind: their jobs and audit rows could not be told apart. */
export class DuplicateRetentionKindError extends Error {
  constructor(kind: string) {
    super(`two retention tasks have the kind ${kind}`);
    this.name = new.target.name;
  }
}

/**
 * Runs every lib's retention rules (the providers extending RetentionTask) as queued jobs: each is
 * proposed once per its period by every long-running instance, and the job id of the period lets
 * the queue accept one run across instances (see JobScheduler). Each run writes what it deleted (kind,
 * rule and count, never content) to the retention audit log.
 */
@Injectable()
export class RetentionScheduler implements OnModuleInit {
  private readonly logger = new Logger('Retention');
  private found: RetentionTask[] | null = null;

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly queue: JobQueue,
    private readonly scheduler: JobScheduler,
    private readonly audit: RetentionAuditRepository,
    private readonly clock: Clock,
  ) {}

  onModuleInit(): void {
    for (const task of this.tasks()) {
      const job = retentionJobName(task.kind);
      this.queue.handle(job, async () => void (await this.run(task)));
      this.scheduler.every(job, task.everyMs);
    }
  }

  /** Every retention task of this process, by kind. */
  tasks(): RetentionTask[] {
    if (!this.found) {
      const tasks = providersOf(this.discovery, RetentionTask).sort((a, b) => a.kind.localeCompare(b.kind));
      tasks.forEach((t, i) => {
        if (i > 0 && tasks[i - 1].kind === t.kind) throw new DuplicateRetentionKindError(t.kind);
      });
      this.found = tasks;
    }
    return this.found;
  }

  /**
   * One run of one rule, then its audit row. A run that fails writes no row and its job fails; the
   * batches it had deleted stay deleted, and the next run deletes (and counts) what is still due.
   */
  async run(task: RetentionTask): Promise<number> {
    const ranAt = this.clock.now();
    const deleted = await task.purge();
    await this.audit.insert({ kind: task.kind, rule: task.rule, deleted, ranAt });
    this.logger.log(`retention ${task.kind}: ${deleted} record(s) deleted (${task.rule})`);
    return deleted;
  }
}
