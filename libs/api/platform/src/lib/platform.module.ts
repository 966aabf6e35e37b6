import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, Optional } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { LoggerModule } from 'nestjs-pino';
import { AppConfig } from './config/app-config';
import { ConfigModule } from './config/config.module';
import { Clock, SystemClock } from './clock/clock';
import { loggerParams } from './logging/logging';
import { BullMqJobQueue } from './queue/bullmq-job-queue';
import { InProcessJobQueue } from './queue/in-process-job-queue';
import { JobQueue, QueueRole } from './queue/job-queue';
import { createRedis, REDIS } from './store/redis.provider';
import { MemorySharedStore, RedisSharedStore, SharedStore } from './store/shared-store';
import { HealthController } from './http/health.controller';
import { ReadinessDetails } from './http/readiness-details';
import { TokenCipher } from './crypto/token-cipher';
import { JobScheduler } from './queue/job-scheduler';
import { CliOutput, StreamCliOutput } from './cli/cli-output';

export interface PlatformOptions {
  config: AppConfig;
  role: QueueRole;
  /** Where operator commands print (the CLI role); standard output when not given. */
  cliOutput?: CliOutput;
}

/** Config, clock, logging, Redis, the job queue and scheduler, the shared store and CLI output, for every feature. */
@Global()
@Module({})
export class PlatformModule implements OnApplicationShutdown {
  constructor(
    private readonly queue: JobQueue,
    private readonly store: SharedStore,
    private readonly scheduler: JobScheduler,
    @Optional() @Inject(REDIS) private readonly redis: Redis | null,
  ) {}

  static forRoot({ config, role, cliOutput }: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      imports: [ConfigModule.forRoot(config), LoggerModule.forRoot(loggerParams(config))],
      controllers: role === 'api' ? [HealthController] : [],
      providers: [
        { provide: Clock, useClass: SystemClock },
        { provide: TokenCipher, useFactory: () => new TokenCipher(config.tokenEncryptionKeys) },
        { provide: REDIS, useFactory: () => (config.redisUrl ? createRedis(config.redisUrl) : null) },
        {
          provide: JobQueue,
          inject: [REDIS],
          useFactory: (redis: Redis | null) =>
            redis ? new BullMqJobQueue(redis, role, config.redisKeyPrefix) : new InProcessJobQueue(),
        },
        {
          provide: JobScheduler,
          inject: [JobQueue, Clock],
          useFactory: (queue: JobQueue, clock: Clock) => new JobScheduler(queue, clock, role),
        },
        { provide: CliOutput, useFactory: () => cliOutput ?? new StreamCliOutput() },
        ReadinessDetails,
        {
          provide: SharedStore,
          inject: [REDIS, Clock],
          useFactory: (redis: Redis | null, clock: Clock) =>
            redis
              ? new RedisSharedStore(redis, `${config.redisKeyPrefix}:`)
              : new MemorySharedStore(() => clock.nowMs()),
        },
      ],
      exports: [Clock, REDIS, JobQueue, JobScheduler, SharedStore, TokenCipher, CliOutput, ReadinessDetails],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    this.scheduler.close();
    await this.queue.close();
    await this.store.close();
    // QUIT on a connection that is down would wait in the offline queue for a reconnect.
    if (this.redis?.status === 'ready') await this.redis.quit().catch(() => undefined);
    else this.redis?.disconnect();
  }
}
