/**
 * An account cannot be erased yet: a source still has work in flight that would write about the account
 * after its erasure (a request that was running when the account closed settles later, and would bring
 * back billing rows under the account's id). Nothing has been erased; the closed-accounts task, which
 * runs every hour, tries again. Internal: never a caller's error.
 */
export class ErasureDeferredError extends Error {
  constructor(
    readonly accountId: string,
    /** Why, per source kind: counts and kinds of work, never content. */
    readonly reasons: readonly string[],
  ) {
    super(`erasure of ${accountId} deferred: ${reasons.join('; ')}`);
    this.name = 'ErasureDeferredError';
  }
}
