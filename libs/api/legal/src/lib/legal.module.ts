import { DynamicModule, Module, ModuleMetadata, OnModuleInit } from '@nestjs/common';
import { LegalAnnouncementsRepository } from './announcements/legal-announcements.repository';
import { LegalAnnouncementsService } from './announcements/legal-announcements.service';
import { LegalAnnouncementEntity, LegalAnnouncementScanEntity } from './announcements/legal-announcement.entity';
import { LegalJobsService } from './announcements/legal-jobs.service';
import { LegalAnnouncementsPersonalData } from './announcements/legal-announcements.personal-data';
import { LegalAnnouncementsPersonalDataRepository } from './announcements/legal-announcements-personal-data.repository';
import { LegalDocumentsService } from './documents/legal-documents.service';
import { LegalManifestError } from './manifest/legal-manifest.loader';
import { LegalAnnounceCommand, LegalVersionsCommand } from './legal.command';
import { LegalDocumentsModule } from './legal-documents.module';

export const LEGAL_ENTITIES = [LegalAnnouncementEntity, LegalAnnouncementScanEntity];
export const LEGAL_COMMANDS = [LegalVersionsCommand, LegalAnnounceCommand];

/**
 * The modules that implement the announcement ports: each exports its `LegalAudience` or
 * `LegalAnnouncementMailer` provider. The composition root passes them, since legal may not
 * import the libs that import it (see legal-announcement.ports.ts).
 */
export interface LegalPorts {
  imports: NonNullable<ModuleMetadata['imports']>;
}

const ANNOUNCEMENTS = [LegalAnnouncementsRepository, LegalAnnouncementsService];

/**
 * The legal lib in the API and worker roles: the manifest, read and validated as the process
 * starts (a missing or broken one stops it), and the announcements with their schedule.
 */
@Module({})
export class LegalModule implements OnModuleInit {
  constructor(private readonly documents: LegalDocumentsService) {}

  static forRoot(ports: LegalPorts): DynamicModule {
    return {
      module: LegalModule,
      imports: [LegalDocumentsModule, ...ports.imports],
      providers: [
        ...ANNOUNCEMENTS,
        LegalJobsService,
        LegalAnnouncementsPersonalDataRepository,
        LegalAnnouncementsPersonalData,
      ],
      exports: [LegalDocumentsModule],
    };
  }

  onModuleInit(): void {
    this.documents.manifest();
    // Sign-up needs a Terms version in effect: say so now rather than on the first sign-up.
    if (!this.documents.current('terms')) {
      const first = this.documents.versions('terms')[0];
      throw new LegalManifestError(
        `No version of the Terms of Service is in effect yet (the first takes effect on ${first.effective}).`,
      );
    }
  }
}

/**
 * The legal operator commands (the CLI role only). The CLI reads the manifest only when one of
 * them runs, so the other commands work where no site was built.
 */
@Module({})
export class LegalCommandsModule {
  static forRoot(ports: LegalPorts): DynamicModule {
    return {
      module: LegalCommandsModule,
      imports: [LegalDocumentsModule, ...ports.imports],
      providers: [...ANNOUNCEMENTS, ...LEGAL_COMMANDS],
    };
  }
}
