import { CliOutput } from '@vipcloud/platform';
import { Command, CommandRunner } from 'nest-commander';
import { LegalAnnouncementsService } from './announcements/legal-announcements.service';
import { LegalDocumentsService } from './documents/legal-documents.service';

@Command({
  name: 'legal:versions',
  description: 'list every version of the legal documents in the manifest: effective day, material, current',
})
export class LegalVersionsCommand extends CommandRunner {
  constructor(
    private readonly documents: LegalDocumentsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    for (const doc of this.documents.manifest().documents) {
      const current = this.documents.current(doc.id)?.version;
      for (const v of doc.versions) {
        const marks = [v.material ? 'material' : 'not material', ...(v.version === current ? ['current'] : [])];
        this.out.line(`${doc.id}\t${v.version}\teffective ${v.effective}\t${marks.join(', ')}\t${v.summary}`);
      }
    }
  }
}

@Command({
  name: 'legal:announce',
  description:
    'queue the email announcing each material version in effect to every active account not told yet (a job also does, every 10 minutes)',
})
export class LegalAnnounceCommand extends CommandRunner {
  constructor(
    private readonly announcements: LegalAnnouncementsService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    const outcomes = await this.announcements.announceDue();
    if (outcomes.length === 0) this.out.line('no material version in effect');
    for (const o of outcomes) this.out.line(`${o.document} ${o.version}: ${o.queued} email(s) queued`);
  }
}
