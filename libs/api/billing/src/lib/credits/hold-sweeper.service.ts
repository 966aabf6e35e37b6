import { Injectable, Logger, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { CreditsService } from './credits.service';

const SWEEP_EVERY_MS = 5 * 60_000;

/**
 * Releases holds whose instance died between hold and settle. Every instance sweeps; the sweep is
 * safe to run concurrently because releasing a hold happens once, under the hold row's lock.
 */
@Injectable()
export class HoldSweeperService implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('HoldSweeper');
  private timer: NodeJS.Timeout | null = null;

  constructor(private readonly credits: CreditsService) {}

  onModuleInit(): void {
    this.timer = setInterval(() => {
      this.credits.releaseStaleHolds().catch((err: unknown) => this.logger.error(`sweep failed: ${err instanceof Error ? err.name : 'error'}`));
    }, SWEEP_EVERY_MS);
    this.timer.unref();
  }

  onApplicationShutdown(): void {
    if (this.timer) clearInterval(this.timer);
  }
}
