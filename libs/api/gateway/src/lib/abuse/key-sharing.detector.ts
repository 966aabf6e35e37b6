import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { AbuseSignalsService } from '@vipcloud/abuse';
import { Clock, JobQueue, JobScheduler } from '@vipcloud/platform';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import { KeySharingRepository } from './key-sharing.repository';

export const KEY_SHARING_JOB = 'gateway.key-sharing';
const HOUR_MS = 3_600_000;
const EVERY_MS = 10 * 60_000;

/**
 * The key-sharing hint: a key used from many client networks within an hour is probably shared (or leaked).
 * Read from the request metadata every 10 minutes, off the request path; one abuse signal per key and
 * clock hour (metadata only: how many networks, never which).
 */
@Injectable()
export class KeySharingDetector implements OnModuleInit {
  private readonly logger = new Logger('KeySharing');

  constructor(
    private readonly repository: KeySharingRepository,
    private readonly abuse: AbuseSignalsService,
    private readonly queue: JobQueue,
    private readonly scheduler: JobScheduler,
    private readonly clock: Clock,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
  ) {}

  onModuleInit(): void {
    this.queue.handle(KEY_SHARING_JOB, () => this.detect().then(() => undefined));
    this.scheduler.every(KEY_SHARING_JOB, EVERY_MS);
  }

  /** Signals every key used from KEY_SHARING_NETWORKS or more networks in the last hour; returns how many. */
  async detect(): Promise<number> {
    const now = this.clock.nowMs();
    const keys = await this.repository.keysUsedFromManyNetworks(
      new Date(now - HOUR_MS),
      this.config.keySharingNetworks,
    );
    const windowStart = new Date(Math.floor(now / HOUR_MS) * HOUR_MS);
    for (const k of keys) await this.abuse.reportKeySharing({ ...k, windowStart });
    if (keys.length > 0) this.logger.warn(`${keys.length} key(s) used from many networks in the last hour`);
    return keys.length;
  }
}
