import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { LegalDocumentsService, MaterialVersion } from '../documents/legal-documents.service';
import { LegalAnnouncementMailer, LegalAudience } from './legal-announcement.ports';
import { AnnouncementKey, LegalAnnouncementsRepository } from './legal-announcements.repository';

/** Accounts read, and rows written, per step. */
const BATCH = 500;
/** Emails queued between two records of it: a run cut short leaves at most this many unrecorded. */
const QUEUE_CHUNK = 50;
/**
 * A claim this old whose email is still not queued belongs to a run that died in between; another
 * run takes it over. Longer than any run takes to queue one chunk, so a live run is never overtaken.
 */
const STALE_CLAIM_MS = 15 * 60_000;
/**
 * A row queued this long ago and still not sent lost its email job (the in-process queue lives in
 * memory; a job can use up its retries in a long SMTP outage): it is queued again, in a new round
 * (see LegalAnnouncementMailer). Well beyond an email job's retries (about 11 minutes, see
 * notifications), so the earlier job is over by then; should it not be (a long backlog), the email
 * job's `sent_at` check still sends once.
 */
export const REQUEUE_UNSENT_MS = 60 * 60_000;
/**
 * How long a version whose audience was gone through to its end is not gone through again. Only an
 * account that becomes active again (or gets an address) can join an audience after its first
 * pass, since recipients predate the version: such an account is told at the first pass after this.
 */
export const RESCAN_AUDIENCE_MS = 24 * 60 * 60_000;

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
 * row queues it, and the email job skips a row already sent and records the sending on it (so a
 * row queued twice — by a run taken over after it queued but before it recorded that, or queued
 * again because its job was lost — is still sent once). Rows are recorded as queued every
 * QUEUE_CHUNK emails, and a row queued but not sent within REQUEUE_UNSENT_MS is queued again.
 *
 * Recipients are the accounts created before the version's effective day (UTC): an account created
 * later signed up under that text (sign-up records the current Terms) and has nothing to be told.
 * A suspended or closed account is not among the recipients (one reactivated later is told at the
 * first run that goes through the audience again, within RESCAN_AUDIENCE_MS); one that stops being
 * active between queueing and sending is skipped then, for good.
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
    await this.repository.reclaimUnsent(key, claim, now, new Date(now.getTime() - REQUEUE_UNSENT_MS));
    let queued = await this.queueClaimed(version, claim);
    // Once everyone was told, the pass over the audience is all a run would do: skip it for a while.
    const scanned = await this.repository.scannedAt(key);
    if (scanned && scanned.getTime() > now.getTime() - RESCAN_AUDIENCE_MS) return queued;
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
    // Every account of the audience (as of `now`) has a row: what is left to do is on the rows.
    await this.repository.markScanned(key, now);
    return queued;
  }

  /**
   * Queues the email of every row this run holds, a chunk at a time, recording each chunk as
   * queued as soon as the queue took it.
   */
  private async queueClaimed(version: MaterialVersion, claim: string): Promise<number> {
    const key: AnnouncementKey = { document: version.document, version: version.version };
    let queued = 0;
    for (;;) {
      const ids = await this.repository.claimed(key, claim, QUEUE_CHUNK);
      if (ids.length === 0) return queued;
      // Rows queued at least REQUEUE_UNSENT_MS apart fall in different rounds (see reclaimUnsent).
      const round = Math.floor(this.clock.nowMs() / REQUEUE_UNSENT_MS);
      const done: string[] = [];
      try {
        for (const accountId of ids) {
          await this.mailer.announce({ accountId, document: version.document, version: version.version }, round);
          done.push(accountId);
        }
      } finally {
        // Also when the queue failed part-way: what it took is recorded, the rest is taken over later.
        await this.repository.markQueued(key, claim, done, this.clock.now());
      }
      queued += done.length;
    }
  }
}
