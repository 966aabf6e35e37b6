import { Module } from '@nestjs/common';
import { DataExportChunkEntity } from './data-export-chunk.entity';
import { DataExportRetentionTask } from './data-export-retention.task';
import { DataExportBuilder } from './data-export.builder';
import { DataExportController } from './data-export.controller';
import { DataExportEntity } from './data-export.entity';
import { DataExportsPersonalData } from './data-exports.personal-data';
import { DataExportsRepository } from './data-exports.repository';
import { DataExportsResolver } from './data-exports.resolver';
import { DataExportsService } from './data-exports.service';
import { ExportRightsRequests } from './export-rights-requests';

export const EXPORT_ENTITIES = [DataExportEntity, DataExportChunkEntity];

/**
 * The right to data portability: requestDataExport queues a job that writes every PersonalDataSource's
 * files into a ZIP, stored in the database for 7 days and downloaded by its owner's session.
 * PersonalDataRegistry and PrivacyMailer come from the global PrivacyModule, which imports this one.
 */
@Module({
  controllers: [DataExportController],
  providers: [
    DataExportsRepository,
    DataExportsService,
    DataExportBuilder,
    DataExportsResolver,
    DataExportRetentionTask,
    DataExportsPersonalData,
    ExportRightsRequests,
  ],
  exports: [DataExportsService],
})
export class ExportModule {}
