import { Logger } from '@nestjs/common';

/** The signals that ask a process to stop: SIGTERM (orchestrators, `kill`), SIGINT (Ctrl-C), SIGHUP (terminal gone). */
export const STOP_SIGNALS: readonly NodeJS.Signals[] = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * The shutdown hooks' share of a stop, after the drain: flushes are batched writes that take milliseconds,
 * so this long means a database or Redis that does not answer. The process then exits with 1 (a settlement it
 * could not write stays in the settlement outbox, for another instance's drain job).
 */
export const SHUTDOWN_HOOKS_TIMEOUT_MS = 10_000;

export interface StopOnSignalsOptions {
  /** Drains and closes the application (its shutdown hooks flush what is pending). */
  stop: (signal: NodeJS.Signals) => Promise<void>;
  /** The drain's deadline (SHUTDOWN_GRACE_MS): with the hooks' share, the longest a stop may take. */
  graceMs: number;
  signals?: readonly NodeJS.Signals[];
  /** How a stop ends (tests replace it); `process.exit` by default. */
  exit?: (code: number) => void;
}

/**
 * Runs `stop` on the first stop signal, then exits with 0 (1 if it failed or outlived its deadline).
 *
 * Exiting explicitly rather than waiting for the event loop to empty: once the hooks have flushed, nothing
 * is left to wait for, and a handle some library keeps open (a pooled socket, a timer) must not keep a
 * stopped instance alive until its orchestrator kills it.
 *
 * A further signal during the stop is ignored: Ctrl-C in a terminal signals the whole process group, and a
 * parent such as npm forwards the same signal once more; letting the second one kill the process would
 * throw away the drain the first one started.
 *
 * Returns a function that stops listening (for tests).
 */
export function stopOnSignals(options: StopOnSignalsOptions): () => void {
  const logger = new Logger('Shutdown');
  const exit = options.exit ?? ((code: number) => process.exit(code));
  let stopping = false;
  const onSignal = (signal: NodeJS.Signals): void => {
    if (stopping) {
      logger.warn(`${signal} received while stopping: the stop already under way continues`);
      return;
    }
    stopping = true;
    logger.log(`${signal} received: stopping`);
    const limitMs = options.graceMs + SHUTDOWN_HOOKS_TIMEOUT_MS;
    const watchdog = setTimeout(() => {
      logger.error(`the stop did not finish within ${limitMs} ms: exiting`);
      exit(1);
    }, limitMs);
    watchdog.unref();
    options.stop(signal).then(
      () => {
        clearTimeout(watchdog);
        logger.log('stopped');
        exit(0);
      },
      (err: unknown) => {
        clearTimeout(watchdog);
        logger.error(`the stop failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
        exit(1);
      },
    );
  };
  const signals = options.signals ?? STOP_SIGNALS;
  for (const signal of signals) process.on(signal, onSignal);
  return () => signals.forEach((signal) => process.off(signal, onSignal));
}
