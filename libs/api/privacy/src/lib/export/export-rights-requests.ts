import { Injectable } from '@nestjs/common';
import { RightsRequestsService } from '../rights/rights-requests.service';

/**
 * Every export is also a rights request of type EXPORT (data portability), tracked like the others:
 * in progress when asked for, completed when the file is ready.
 */
@Injectable()
export class ExportRightsRequests {
  constructor(private readonly rights: RightsRequestsService) {}

  async opened(accountId: string): Promise<string> {
    return (await this.rights.recordSelfService(accountId, 'EXPORT', 'IN_PROGRESS')).id;
  }

  async completed(requestId: string): Promise<void> {
    await this.rights.update(requestId, 'COMPLETED', undefined);
  }
}
