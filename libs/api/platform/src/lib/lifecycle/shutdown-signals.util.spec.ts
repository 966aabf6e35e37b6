import { Logger } from '@nestjs/common';
import { SHUTDOWN_HOOKS_TIMEOUT_MS, stopOnSignals } from './shutdown-signals.util';

/** SIGUSR2 stands in for SIGTERM: a listener on it cannot end the test runner if the test goes wrong. */
const SIGNAL = 'SIGUSR2';

describe('stopOnSignals', () => {
  let dispose: (() => void) | null = null;
  beforeEach(() => {
    for (const level of ['log', 'warn', 'error'] as const)
      jest.spyOn(Logger.prototype, level).mockImplementation(() => undefined);
  });
  afterEach(() => {
    jest.restoreAllMocks();
    dispose?.();
    dispose = null;
    jest.useRealTimers();
  });

  function listen(stop: () => Promise<void>, graceMs = 1000): Promise<number> {
    return new Promise((resolve) => {
      dispose = stopOnSignals({ stop, graceMs, signals: [SIGNAL], exit: resolve });
    });
  }

  it('stops once, however many signals arrive, then exits with 0', async () => {
    let release: () => void = () => undefined;
    const stop = jest.fn(() => new Promise<void>((resolve) => (release = resolve)));
    const exited = listen(stop);
    process.emit(SIGNAL, SIGNAL);
    process.emit(SIGNAL, SIGNAL);
    expect(stop).toHaveBeenCalledTimes(1);
    release();
    expect(await exited).toBe(0);
  });

  it('exits with 1 when the stop fails', async () => {
    const exited = listen(() => Promise.reject(new Error('the database went away')));
    process.emit(SIGNAL, SIGNAL);
    expect(await exited).toBe(1);
  });

  it('exits with 1 when the stop outlives the grace period and the hooks’ share', async () => {
    jest.useFakeTimers();
    const exited = listen(() => new Promise<void>(() => undefined), 500);
    process.emit(SIGNAL, SIGNAL);
    jest.advanceTimersByTime(500 + SHUTDOWN_HOOKS_TIMEOUT_MS - 1);
    let code: number | null = null;
    void exited.then((c) => (code = c));
    await Promise.resolve();
    expect(code).toBeNull();
    jest.advanceTimersByTime(1);
    expect(await exited).toBe(1);
  });
});
