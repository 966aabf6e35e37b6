/**
 * A retention rule that a scheduled job enforces. Each lib that keeps data for a limited time
 * provides one `RetentionTask` per kind; privacy's retention scheduler finds them (see
 * RetentionScheduler), runs each once per period across instances as a queued job, and writes
 * what it deleted (kind and count, never content) to the retention audit log.
 */
export abstract class RetentionTask {
  /** Stable id, `<lib>.<kind>`: the job's name and the audit log's `kind`. */
  abstract readonly kind: string;
  /** How long the data is kept, as the docs and the audit log say it ("30 days after the request"). */
  abstract readonly rule: string;
  /** How often the job runs; daily unless the period is short. */
  readonly everyMs: number = 24 * 3600_000;
  /**
   * Deletes what is past its period, in short batched transactions; idempotent and restartable
   * (a second run right after deletes nothing more). Returns how many records it deleted.
   */
  abstract purge(): Promise<number>;
}
