import { Injectable } from '@nestjs/common';

/**
 * Every export is also a rights request of type EXPORT (Art. 20), tracked like the others: opened
 * when asked for, completed when the file is ready.
 *
 * MERGE(i13-core): the one place to wire to RightsRequestsService once that branch has landed:
 *   opened    → (await rights.recordSelfService(accountId, 'EXPORT', 'IN_PROGRESS')).id
 *   completed → await rights.update(requestId, 'COMPLETED', undefined)
 * Until then nothing is recorded (and `opened` returns null, which the export row keeps).
 */
@Injectable()
export class ExportRightsRequests {
  opened(_accountId: string): Promise<string | null> {
    return Promise.resolve(null);
  }

  completed(_requestId: string): Promise<void> {
    return Promise.resolve();
  }
}
