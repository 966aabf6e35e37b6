import { Controller, Get, HttpCode, Inject, Optional, ServiceUnavailableException } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { Access } from '../auth/access.decorator';
import { DatabaseHealthRepository } from '../database/database-health.repository';
import { REDIS } from '../store/redis.provider';

@Controller()
@Access('public')
export class HealthController {
  constructor(
    private readonly database: DatabaseHealthRepository,
    @Optional() @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  /** Liveness: answers while the process runs. */
  @Get('healthz')
  @HttpCode(200)
  health(): { status: string } {
    return { status: 'ok' };
  }

  /** Readiness: only when the database (and Redis, when configured) answer. */
  @Get('readyz')
  async ready(): Promise<{ status: string; database: string; redis: string }> {
    const database = (await this.database.answers()) ? 'ok' : 'down';
    const redis = this.redis
      ? await this.redis.ping().then(
          () => 'ok',
          () => 'down',
        )
      : 'not configured';
    if (database !== 'ok' || redis === 'down') {
      throw new ServiceUnavailableException(`not ready: database ${database}, redis ${redis}`);
    }
    return { status: 'ok', database, redis };
  }
}
