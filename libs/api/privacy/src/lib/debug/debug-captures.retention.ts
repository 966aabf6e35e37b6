import { Injectable } from '@nestjs/common';
import { RetentionTask } from '../ports/retention-task.port';
import { DebugCapturesService } from './debug-captures.service';

/** Debug captures go when their TTL (DEBUG_CAPTURE_TTL, 7 days by default) has passed. */
@Injectable()
export class DebugCapturesRetention extends RetentionTask {
  readonly kind = 'privacy.debug-captures';
  readonly rule = 'DEBUG_CAPTURE_TTL after the request (7 days by default)';
  // Hourly: a capture outlives its TTL by an hour at most, not a day.
  override readonly everyMs = 3600_000;

  constructor(private readonly captures: DebugCapturesService) {
    super();
  }

  purge(): Promise<number> {
    return this.captures.deleteExpired();
  }
}
