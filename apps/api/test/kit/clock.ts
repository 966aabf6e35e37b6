import { Clock } from '@vipcloud/platform';
import type { HasApp } from './factories';

const DAY_MS = 24 * 3600_000;

/** Runs `work` with the application's clock `days` days back; the real clock again afterwards. */
export async function daysAgo<T>(stack: HasApp, days: number, work: () => Promise<T>): Promise<T> {
  const clock = stack.app.get(Clock);
  const at = Date.now() - days * DAY_MS;
  const spies = [
    jest.spyOn(clock, 'now').mockImplementation(() => new Date(at)),
    jest.spyOn(clock, 'nowMs').mockImplementation(() => at),
  ];
  try {
    return await work();
  } finally {
    for (const spy of spies) spy.mockRestore();
  }
}

/**
 * Moves the application's clock `ms` ahead of the real one until the returned function is called
 * (for a browser test, where the work spans many awaits in another process's pages).
 */
export function clockAhead(stack: HasApp, ms: number): () => void {
  const clock = stack.app.get(Clock);
  const realNow = clock.now.bind(clock);
  const spy = jest.spyOn(clock, 'now').mockImplementation(() => new Date(realNow().getTime() + ms));
  return () => spy.mockRestore();
}
