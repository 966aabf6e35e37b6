import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { LegalDocumentsService, MaterialVersion } from '../documents/legal-documents.service';
import { LegalAnnouncementMailer, LegalAudience } from './legal-announcement.ports';
import { AnnouncementKey, LegalAnnouncementsRepository } from './legal-announcements.repository';

/** Accounts read, and rows written, per step. */
const BATCH = 500;
/**
 * A claim this old whose email is still not queued belongs to a run that died in between; another
 * run takes it over. Longer than any run takes to queue one batch, so a live run is never overtaken.
 */
const STALE_CLAIM_MS = 15 * 60_000;

export interface AnnouncementOutcome {
  document: string;
  version: string;
  /** Emails this run queued (0 when every recipient was told before). */
  queued: number;
}

/**
 * Tells every active account, once, of each material new version of the privacy policy and the
 * Terms that has taken effect (a document's first version is not news). Exactly once per
 * (document, version, account) however many instances run this at once and across restarts: a row
 * keyed by the three is inserted before the email is queued, only the run whose insert created the
 * row queues it, and the queue's job id is the same key (so a run that died between queueing and
 * recording it, and is taken over, does not send twice while the queue remembers the job).
 *
 * Recipients are the accounts created before the version's effective day (UTC): an account created
 * later signed up under that text (sign-up records the current Terms) and has nothing to be told.
 * A suspended or closed account is not among the recipients (one reactivated later is told at the
 * next run); one that stops being active between queueing and sending is skipped then, for good.
 */
@Injectable()
export class LegalAnnouncementsService {
  private readonly logger = new Logger('LegalAnnouncements');

  constructor(
    private readonly documents: LegalDocumentsService,
    private readonly repository: LegalAnnouncementsRepository,
    private readonly audience: LegalAudience,
    private readonly mailer: LegalAnnouncementMailer,
    private readonly clock: Clock,
  ) {}

  /** One pass over every material version in effect today. */
  async announceDue(): Promise<AnnouncementOutcome[]> {
    const today = this.documents.today();
    const outcomes: AnnouncementOutcome[] = [];
    for (const version of this.documents.materialVersions()) {
      if (version.effective > today) continue;
      const queued = await this.announce(version);
      if (queued > 0) this.logger.log(`queued ${queued} announcement(s) of ${version.document} ${version.version}`);
      outcomes.push({ document: version.document, version: version.version, queued });
    }
    return outcomes;
  }

  private async announce(version: MaterialVersion): Promise<number> {
    const key: AnnouncementKey = { document: version.document, version: version.version };
    const claim = randomUUID();
    const now = this.clock.now();
    await this.repository.reclaimStale(key, claim, now, new Date(now.getTime() - STALE_CLAIM_MS));
    let queued = await this.queueClaimed(version, claim);
    const createdBefore = new Date(`${version.effective}T00:00:00Z`);
    for (let after: string | null = null; ;) {
      const ids = await this.audience.recipients(createdBefore, after, BATCH);
      if (ids.length === 0) break;
      after = ids[ids.length - 1];
      // Most passes find everyone recorded already: read first, and write only for the others.
      const known = await this.repository.known(key, ids);
      const fresh = ids.filter((id) => !known.has(id));
      if (fresh.length > 0) {
        await this.repository.claimNew(key, fresh, claim, this.clock.now());
        queued += await this.queueClaimed(version, claim);
      }
      if (ids.length < BATCH) break;
    }
    return queued;
  }

  /** Queues the email of every row this run holds, and records each one the queue took. */
  private async queueClaimed(version: MaterialVersion, claim: string): Promise<number> {
    const key: AnnouncementKey = { document: version.document, version: version.version };
    const done: string[] = [];
    try {
      for (const accountId of await this.repository.claimed(key, claim)) {
        await this.mailer.announce({ accountId, document: version.document, version: version.version });
        done.push(accountId);
      }
    } finally {
      // Also when the queue failed part-way: what it took is recorded, the rest is taken over later.
      await this.repository.markQueued(key, claim, done, this.clock.now());
    }
    return done.length;
  }
}
