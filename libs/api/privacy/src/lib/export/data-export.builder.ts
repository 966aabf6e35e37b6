import { Inject, Injectable, Logger, OnModuleInit, Optional } from '@nestjs/common';
import { Clock, JobQueue } from '@vipcloud/platform';
import { PersonalDataRegistry } from '../personal-data/personal-data.registry';
import type { PersonalDataFile } from '../ports/personal-data-source.port';
import { PrivacyMailer } from '../ports/privacy-mailer.port';
import { DATA_EXPORT_CHUNK_BYTES } from './data-export-chunk.entity';
import { DataExportsRepository } from './data-exports.repository';
import { DATA_EXPORT_JOB, DataExportsService, EXPORT_DOWNLOAD_DAYS } from './data-exports.service';
import { buildArchive, split } from './export-archive';
import { ExportRightsRequests } from './export-rights-requests';

/** The share of the progress bar the sources fill; writing the archive takes the rest. */
const SOURCES_SHARE = 90;

/**
 * The export job (worker, or the in-process runner): asks every PersonalDataSource for its files,
 * writes them with a README into a ZIP, stores it, marks the export READY and emails its owner.
 * Its payload is the export's id: what it reads, it reads from the database when it runs.
 */
@Injectable()
export class DataExportBuilder implements OnModuleInit {
  private readonly logger = new Logger('DataExports');

  constructor(
    private readonly exports: DataExportsRepository,
    private readonly service: DataExportsService,
    private readonly registry: PersonalDataRegistry,
    private readonly queue: JobQueue,
    private readonly clock: Clock,
    private readonly rights: ExportRightsRequests,
    // Implemented by notifications (found through the global PrivacyModule); an export without it is
    // still built and listed in the portal, only not announced by email.
    @Optional() @Inject(PrivacyMailer) private readonly mailer: PrivacyMailer | null,
  ) {}

  onModuleInit(): void {
    this.queue.handle<{ exportId: string }>(DATA_EXPORT_JOB, (job) => this.build(job.exportId));
  }

  async build(exportId: string): Promise<void> {
    const row = await this.exports.findById(exportId);
    // Already built, failed, or gone with its account: a replayed job does nothing.
    if (!row || !(await this.exports.startBuilding(exportId))) return;
    let expiresAt: Date;
    try {
      const sources = this.registry.sources();
      const collected: Array<{ kind: string; files: PersonalDataFile[] }> = [];
      for (const [i, source] of sources.entries()) {
        collected.push({ kind: source.kind, files: await source.export(row.accountId) });
        await this.exports.setProgress(exportId, Math.floor(((i + 1) * SOURCES_SHARE) / sources.length));
      }
      // Whole seconds, as MySQL's DATETIME keeps them: the email says the expiry the portal shows.
      const readyAt = new Date(Math.floor(this.clock.nowMs() / 1000) * 1000);
      expiresAt = this.service.expiryOf(readyAt);
      const archive = await buildArchive(collected, readyAt, EXPORT_DOWNLOAD_DAYS);
      await this.exports.writeChunks(exportId, split(archive, DATA_EXPORT_CHUNK_BYTES));
      if (!(await this.exports.markReady(exportId, readyAt, expiresAt, archive.length))) {
        // Failed or erased meanwhile: the file must not outlive its row.
        await this.exports.deleteChunks(exportId);
        return;
      }
    } catch (err) {
      // Names only: a message could quote data being exported.
      this.logger.error(`data export ${exportId} failed: ${err instanceof Error ? err.name : 'error'}`);
      await this.exports.markFailed(exportId, this.clock.now());
      return;
    }
    await this.announce(row.accountId, exportId, row.rightsRequestId, expiresAt);
  }

  /** The export is ready whatever happens here: a failed email or request update is logged, not retried. */
  private async announce(accountId: string, exportId: string, rightsRequestId: string | null, expiresAt: Date) {
    try {
      if (rightsRequestId) await this.rights.completed(rightsRequestId);
      if (this.mailer) await this.mailer.exportReady(accountId, exportId, expiresAt);
      else this.logger.warn(`data export ${exportId} ready; no PrivacyMailer to announce it`);
    } catch (err) {
      this.logger.error(`data export ${exportId} ready, not announced: ${err instanceof Error ? err.name : 'error'}`);
    }
  }
}
