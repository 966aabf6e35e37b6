import { Injectable } from '@nestjs/common';
import {
  PersonalDataFile,
  PersonalDataRow,
  PersonalDataSource,
  PersonalDataSummary,
} from '../ports/personal-data-source.port';
import type { DebugCaptureEntity } from './debug-capture.entity';
import { DebugCapturesService } from './debug-captures.service';

/** Debug captures in the privacy centre, the export and the erasure of an account. */
@Injectable()
export class DebugCapturesPersonalData extends PersonalDataSource {
  readonly kind = 'privacy.debug-captures';
  readonly category = 'debugCaptures' as const;

  constructor(private readonly captures: DebugCapturesService) {
    super();
  }

  /** Counts and metadata only: the text is shown, decrypted, by the portal's debug captures view. */
  async summarize(accountId: string, limit: number): Promise<PersonalDataSummary> {
    const [count, newest] = await Promise.all([
      this.captures.countOwn(accountId),
      this.captures.listMetadata(accountId, limit),
    ]);
    return { count, newest: newest.map(metadata) };
  }

  /**
   * Metadata only. The text stays encrypted: an export file waits unencrypted for its download for days,
   * and prompt text is kept nowhere as plain text; its owner reads it in the portal until it expires.
   */
  async export(accountId: string): Promise<PersonalDataFile[]> {
    const all = await this.captures.listMetadata(accountId, Number.MAX_SAFE_INTEGER);
    return [
      {
        name: 'debug-captures.json',
        description:
          'Requests you asked VIPCloud to keep (header X-VIPCloud-Debug: 1) that had not yet expired: the ' +
          'request id, the model, when each was kept and when it is deleted. Their prompts and completions ' +
          'stay encrypted and are shown in the portal’s privacy centre.',
        format: 'json',
        rows: all.map(metadata),
      },
    ];
  }

  erase(accountId: string): Promise<number> {
    return this.captures.deleteAll(accountId);
  }
}

function metadata(c: DebugCaptureEntity): PersonalDataRow {
  return {
    id: c.id,
    requestId: c.requestId,
    model: c.model,
    createdAt: c.createdAt.toISOString(),
    expiresAt: c.expiresAt.toISOString(),
  };
}
