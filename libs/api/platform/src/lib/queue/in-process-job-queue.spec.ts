import { Logger } from '@nestjs/common';
import { InProcessJobQueue } from './in-process-job-queue';
import type { JobPayload } from './job-queue';

describe('InProcessJobQueue', () => {
  let queue: InProcessJobQueue;

  beforeAll(() => {
    // Failing handlers log a warning on purpose; keep the test output quiet.
    jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
  });

  afterAll(() => {
    jest.restoreAllMocks();
  });

  beforeEach(() => {
    queue = new InProcessJobQueue();
  });

  afterEach(async () => {
    await queue.close();
  });

  it('runs the handler with the payload', async () => {
    const seen: JobPayload[] = [];
    queue.handle('usage', async (p) => {
      seen.push(p);
    });
    await queue.enqueue('usage', { requestId: 'r1', tokens: 3, ok: true, note: null });
    await queue.drain();
    expect(seen).toEqual([{ requestId: 'r1', tokens: 3, ok: true, note: null }]);
  });

  it('runs jobs only with the handler of their own queue', async () => {
    const a: JobPayload[] = [];
    const b: JobPayload[] = [];
    queue.handle('a', async (p) => {
      a.push(p);
    });
    queue.handle('b', async (p) => {
      b.push(p);
    });
    await queue.enqueue('a', { n: 1 });
    await queue.enqueue('b', { n: 2 });
    await queue.drain();
    expect(a).toEqual([{ n: 1 }]);
    expect(b).toEqual([{ n: 2 }]);
  });

  it('does not run a job before the current tick ends', async () => {
    const seen: JobPayload[] = [];
    queue.handle('q', async (p) => {
      seen.push(p);
    });
    await queue.enqueue('q', { n: 1 });
    expect(seen).toEqual([]);
    await queue.drain();
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('keeps a job enqueued before its handler is registered and runs it once the handler is', async () => {
    const seen: JobPayload[] = [];
    await queue.enqueue('late', { n: 1 });
    await queue.drain();
    expect(seen).toEqual([]);
    queue.handle('late', async (p) => {
      seen.push(p);
    });
    await queue.drain();
    expect(seen).toEqual([{ n: 1 }]);
  });

  it('accepts a job id once per queue', async () => {
    const seen: JobPayload[] = [];
    queue.handle('q', async (p) => {
      seen.push(p);
    });
    queue.handle('other', async (p) => {
      seen.push(p);
    });
    await queue.enqueue('q', { n: 1 }, { jobId: 'same' });
    await queue.enqueue('q', { n: 2 }, { jobId: 'same' });
    await queue.drain();
    // Still a duplicate after the first one has finished.
    await queue.enqueue('q', { n: 3 }, { jobId: 'same' });
    // The same id on another queue is a different job.
    await queue.enqueue('other', { n: 4 }, { jobId: 'same' });
    await queue.enqueue('q', { n: 5 });
    await queue.enqueue('q', { n: 6 });
    await queue.drain();
    expect(seen).toEqual([{ n: 1 }, { n: 4 }, { n: 5 }, { n: 6 }]);
  });

  it('retries a failing handler up to the given number of attempts', async () => {
    let calls = 0;
    queue.handle('q', async () => {
      calls++;
      throw new Error('boom');
    });
    await queue.enqueue('q', { n: 1 }, { attempts: 4 });
    await queue.drain();
    expect(calls).toBe(4);
  });

  it('tries three times by default', async () => {
    let calls = 0;
    queue.handle('q', async () => {
      calls++;
      throw new Error('boom');
    });
    await queue.enqueue('q', { n: 1 });
    await queue.drain();
    expect(calls).toBe(3);
  });

  it('stops retrying once the handler succeeds', async () => {
    let calls = 0;
    queue.handle('q', async () => {
      calls++;
      if (calls < 2) throw new Error('transient');
    });
    await queue.enqueue('q', { n: 1 }, { attempts: 5 });
    await queue.drain();
    expect(calls).toBe(2);
  });

  it('runs at most four jobs of a queue at once, the rest as those finish', async () => {
    let running = 0;
    let most = 0;
    const releases: Array<() => void> = [];
    queue.handle('q', async () => {
      running++;
      most = Math.max(most, running);
      await new Promise<void>((resolve) => releases.push(resolve));
      running--;
    });
    for (let n = 0; n < 10; n++) await queue.enqueue('q', { n });
    const drained = queue.drain();
    let done = 0;
    while (done < 10) {
      await new Promise((resolve) => setImmediate(resolve));
      const batch = releases.splice(0);
      batch.forEach((release) => release());
      done += batch.length;
    }
    await drained;
    expect(most).toBe(4);
  });

  it('waits out a doubling backoff between attempts when given one, and drain() waits for it', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const calls: number[] = [];
      queue.handle('q', async () => {
        calls.push(Date.now());
        if (calls.length < 3) throw new Error('transient');
      });
      const start = Date.now();
      await queue.enqueue('q', { n: 1 }, { attempts: 5, backoffMs: 1000 });
      let drained = false;
      const drain = queue.drain().then(() => (drained = true));
      await jest.advanceTimersByTimeAsync(999);
      expect(calls.length).toBe(1);
      await jest.advanceTimersByTimeAsync(1);
      expect(calls.length).toBe(2);
      await jest.advanceTimersByTimeAsync(1999);
      expect(calls.length).toBe(2);
      expect(drained).toBe(false);
      await jest.advanceTimersByTimeAsync(1);
      await drain;
      expect(calls.map((t) => t - start)).toEqual([0, 1000, 3000]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('drops a retry still in its backoff when closed', async () => {
    let calls = 0;
    queue.handle('q', async () => {
      calls++;
      throw new Error('down');
    });
    await queue.enqueue('q', { n: 1 }, { attempts: 5, backoffMs: 60_000 });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    await queue.close();
    expect(calls).toBe(1);
  });

  it('resolves drain() only after running jobs have finished', async () => {
    const finished: number[] = [];
    queue.handle<{ n: number }>('slow', async ({ n }) => {
      await new Promise((r) => setTimeout(r, 20));
      finished.push(n);
    });
    await queue.enqueue('slow', { n: 1 });
    await queue.enqueue('slow', { n: 2 });
    await queue.drain();
    expect(finished.sort()).toEqual([1, 2]);
  });

  it('waits in drain() for jobs a handler enqueues', async () => {
    const seen: string[] = [];
    queue.handle('first', async () => {
      seen.push('first');
      await queue.enqueue('second', { n: 2 });
    });
    queue.handle('second', async () => {
      await new Promise((r) => setTimeout(r, 5));
      seen.push('second');
    });
    await queue.enqueue('first', { n: 1 });
    await queue.drain();
    expect(seen).toEqual(['first', 'second']);
  });

  it('resolves drain() at once when nothing is queued', async () => {
    await expect(queue.drain()).resolves.toBeUndefined();
  });

  it('refuses new jobs once closed', async () => {
    await queue.close();
    await expect(queue.enqueue('q', { n: 1 })).rejects.toThrow('queue closed');
  });

  it('runs a delayed job after its delay, and drain() does not wait for it', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const seen: JobPayload[] = [];
      queue.handle('q', async (p) => {
        seen.push(p);
      });
      await queue.enqueue('q', { n: 1 }, { delayMs: 5000 });
      await queue.drain();
      await jest.advanceTimersByTimeAsync(4999);
      expect(seen).toEqual([]);
      await jest.advanceTimersByTimeAsync(1);
      await queue.drain();
      expect(seen).toEqual([{ n: 1 }]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('discards the waiting, delayed and backing-off jobs naming a value, and nothing else', async () => {
    jest.useFakeTimers({ doNotFake: ['setImmediate', 'nextTick'] });
    try {
      const seen: JobPayload[] = [];
      queue.handle('retrying', async (p) => {
        seen.push(p);
        throw new Error('down');
      });
      await queue.enqueue('retrying', { accountId: 'acc-1' }, { attempts: 5, backoffMs: 60_000 });
      await jest.advanceTimersByTimeAsync(0);
      expect(seen).toHaveLength(1);
      // No handler yet: waiting.
      await queue.enqueue('email', { template: 'x', accountId: 'acc-1' }, { jobId: 'closing-acc-1' });
      await queue.enqueue('email', { template: 'x', accountId: 'acc-2' });
      await queue.enqueue('email', { note: 'acc-1 in text', n: 1 });
      await queue.enqueue('later', { accountId: 'acc-1' }, { delayMs: 3600_000 });
      await queue.enqueue('later', { accountId: 'acc-2' }, { delayMs: 3600_000 });

      expect(await queue.discardMentioning('acc-1')).toBe(3);
      expect(queue.pendingPayloads().map((j) => j.payload)).toEqual([
        { template: 'x', accountId: 'acc-2' },
        { note: 'acc-1 in text', n: 1 },
        { accountId: 'acc-2' },
      ]);
      expect(await queue.discardMentioning('acc-1')).toBe(0);
      // Its job id is forgotten too: the same id is accepted again.
      await queue.enqueue('email', { template: 'x', accountId: 'acc-3' }, { jobId: 'closing-acc-1' });
      expect(queue.pendingPayloads()).toHaveLength(4);
      // The retry and the delayed job never run.
      await jest.advanceTimersByTimeAsync(3600_000);
      expect(seen).toHaveLength(1);
      const later: JobPayload[] = [];
      queue.handle('later', async (p) => {
        later.push(p);
      });
      await jest.advanceTimersByTimeAsync(0);
      expect(later).toEqual([{ accountId: 'acc-2' }]);
    } finally {
      jest.useRealTimers();
    }
  });

  it('lets a running job finish when its account is discarded', async () => {
    let release = (): void => undefined;
    const done: JobPayload[] = [];
    queue.handle('q', async (p) => {
      await new Promise<void>((r) => (release = r));
      done.push(p);
    });
    await queue.enqueue('q', { accountId: 'acc-1' });
    await new Promise((resolve) => setImmediate(resolve));
    expect(await queue.discardMentioning('acc-1')).toBe(0);
    release();
    await queue.drain();
    expect(done).toEqual([{ accountId: 'acc-1' }]);
  });
});
