import { Controller, Get, HttpCode, Inject, Optional, Res } from '@nestjs/common';
import type { Response } from 'express';
import type { Redis } from 'ioredis';
import { Access } from '../auth/access.decorator';
import { DatabaseHealthRepository } from '../database/database-health.repository';
import { REDIS } from '../store/redis.provider';
import { ReadinessDetails } from './readiness-details';

/** Longest `/readyz` waits for a Redis PING: a hung connection must not hang the probe. */
const REDIS_PING_TIMEOUT_MS = 500;

export interface Readiness {
  /** `ok`; `degraded`: serving, but Redis is unreachable; `unavailable`: the database is down (503). */
  status: 'ok' | 'degraded' | 'unavailable';
  database: 'ok' | 'down';
  redis: 'ok' | 'unreachable' | 'not configured';
  [section: string]: unknown;
}

@Controller()
@Access('public')
export class HealthController {
  constructor(
    private readonly databaseHealth: DatabaseHealthRepository,
    private readonly details: ReadinessDetails,
    @Optional() @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  /** Liveness: answers while the process runs. */
  @Get('healthz')
  @HttpCode(200)
  health(): { status: string } {
    return { status: 'ok' };
  }

  /**
   * Readiness: 503 only when the database is down (no request can be charged). With Redis
   * unreachable the instance still serves `/v1` (route cool-downs are then its own), so it stays
   * ready and says `degraded`: taking every instance out of the balancer would turn a Redis outage
   * into a full one.
   */
  @Get('readyz')
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const [database, redis, details] = await Promise.all([this.database(), this.redisState(), this.details.collect()]);
    const status = database !== 'ok' ? 'unavailable' : redis === 'unreachable' ? 'degraded' : 'ok';
    if (status === 'unavailable') res.status(503);
    return { ...details, status, database, redis };
  }

  private database(): Promise<Readiness['database']> {
    return this.databaseHealth.answers().then(
      (answers) => (answers ? 'ok' : 'down'),
      () => 'down' as const,
    );
  }

  private async redisState(): Promise<Readiness['redis']> {
    if (!this.redis) return 'not configured';
    // A client that is not connected would queue the PING and retry it for seconds.
    if (this.redis.status !== 'ready') return 'unreachable';
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), REDIS_PING_TIMEOUT_MS);
    });
    try {
      const answer = await Promise.race([this.redis.ping(), timeout]);
      return answer === 'PONG' ? 'ok' : 'unreachable';
    } catch {
      return 'unreachable';
    } finally {
      clearTimeout(timer);
    }
  }
}
