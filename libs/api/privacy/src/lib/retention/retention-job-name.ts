/**
 * The queued job that enforces the retention rule of `kind` (the scheduler proposes it once per the
 * task's period). Libs export theirs under their old constants, so a test or an operator can queue a
 * run: `queue.enqueue(retentionJobName('gateway.request-metadata'), {})`.
 */
export function retentionJobName(kind: string): string {
  return `retention.${kind}`;
}
