import type { Response } from 'express';
import type { Redis } from 'ioredis';
import type { DatabaseHealthRepository } from '../database/database-health.repository';
import { HealthController } from './health.controller';
import { ReadinessDetails } from './readiness-details';

function db(up: boolean): DatabaseHealthRepository {
  return { answers: () => Promise.resolve(up) } as unknown as DatabaseHealthRepository;
}

function redis(status: string, ping: () => Promise<string> = () => Promise.resolve('PONG')): Redis {
  return { status, ping } as unknown as Redis;
}

function response(): Response & { code: number } {
  const res = { code: 200, status: (c: number) => ((res.code = c), res) };
  return res as unknown as Response & { code: number };
}

describe('HealthController /readyz', () => {
  let details: ReadinessDetails;

  beforeEach(() => {
    details = new ReadinessDetails();
    details.register('routes', () => ({ coolingDown: [] }));
  });

  it('is ready when the database and Redis answer, with every section', async () => {
    const res = response();
    const body = await new HealthController(db(true), details, redis('ready')).ready(res);
    expect(res.code).toBe(200);
    expect(body).toEqual({ status: 'ok', database: 'ok', redis: 'ok', routes: { coolingDown: [] } });
  });

  it('stays ready but degraded while Redis is unreachable (requests are still served)', async () => {
    const res = response();
    const ping = jest.fn(() => Promise.resolve('PONG'));
    const body = await new HealthController(db(true), details, redis('reconnecting', ping)).ready(res);
    expect(res.code).toBe(200);
    expect(body).toMatchObject({ status: 'degraded', database: 'ok', redis: 'unreachable' });
    // A disconnected client would queue the PING and retry it: it is not sent at all.
    expect(ping).not.toHaveBeenCalled();
  });

  it('does not wait for a PING that never returns', async () => {
    const res = response();
    const hung = redis('ready', () => new Promise<string>(() => undefined));
    const body = await new HealthController(db(true), details, hung).ready(res);
    expect(body).toMatchObject({ status: 'degraded', redis: 'unreachable' });
  });

  it('answers 503 with the detail when the database is down', async () => {
    const res = response();
    const body = await new HealthController(db(false), details, null).ready(res);
    expect(res.code).toBe(503);
    expect(body).toEqual({
      status: 'unavailable',
      database: 'down',
      redis: 'not configured',
      routes: { coolingDown: [] },
    });
  });

  it('reports a section that fails or hangs as an error instead of failing the probe', async () => {
    details.register('broken', () => Promise.reject(new Error('boom')));
    details.register('stuck', () => new Promise(() => undefined));
    const body = await new HealthController(db(true), details, null).ready(response());
    expect(body).toMatchObject({ status: 'ok', broken: { error: 'boom' }, stuck: { error: 'timed out' } });
  });
});
