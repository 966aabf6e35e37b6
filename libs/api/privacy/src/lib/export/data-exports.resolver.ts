import { Mutation, Query, Resolver } from '@nestjs/graphql';
import { Access, CurrentPrincipal, type Principal } from '@vipcloud/platform';
import type { DataExportEntity } from './data-export.entity';
import { DataExportModel } from './data-export.model';
import { DataExportsService } from './data-exports.service';

export function downloadPath(id: string): string {
  return `/privacy/exports/${id}/download`;
}

function toModel(e: DataExportEntity): DataExportModel {
  return {
    id: e.id,
    status: e.status,
    progress: e.progress,
    requestedAt: e.requestedAt,
    readyAt: e.readyAt,
    // Only a READY export's expiry is the download's; a failed or expired one's is when that happened.
    expiresAt: e.status === 'READY' ? e.expiresAt : null,
    downloadUrl: e.status === 'READY' ? downloadPath(e.id) : null,
  };
}

/** The signed-in user's data exports. */
@Resolver(() => DataExportModel)
export class DataExportsResolver {
  constructor(private readonly exports: DataExportsService) {}

  @Access('user')
  @Query(() => [DataExportModel], { description: 'Your data exports, newest first.' })
  async myDataExports(@CurrentPrincipal() principal: Principal): Promise<DataExportModel[]> {
    return (await this.exports.list(principal.accountId)).map(toModel);
  }

  @Access('user')
  @Mutation(() => DataExportModel, {
    description: 'Queues an export of your personal data; refused (export_in_progress) while one is being prepared.',
  })
  async requestDataExport(@CurrentPrincipal() principal: Principal): Promise<DataExportModel> {
    return toModel(await this.exports.request(principal.accountId));
  }
}
