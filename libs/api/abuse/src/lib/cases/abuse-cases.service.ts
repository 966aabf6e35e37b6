import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { AccountsService, AccountSuspensionService, ApiKeysService } from '@vipcloud/accounts';
import { CASE_DECISIONS, CaseDecision, REPORT_CATEGORIES, ReportCategory } from '@vipcloud/contracts';
import { Clock, InvalidRequestError } from '@vipcloud/platform';
import { AbuseSignalsService } from '../abuse-signals.service';
import { AbuseCaseEventEntity, CaseAction } from '../entities/abuse-case-event.entity';
import { AbuseCaseEntity, CaseStatus } from '../entities/abuse-case.entity';
import { AbuseReportEntity } from '../entities/abuse-report.entity';
import type { AbuseSignalEntity } from '../entities/abuse-signal.entity';
import { AbuseCasesRepository } from './abuse-cases.repository';
import { AbuseCaseClosedError, AbuseCaseNotFoundError } from './abuse-cases.errors';

/** What a person tells us on the report page (or through the GraphQL mutation). */
export interface AbuseReportInput {
  category: string;
  description: string;
  /** The key's displayed prefix, e.g. `vc-AbCd1234`. */
  keyPrefix?: string | null;
  /** How to reach the reporter, if they want an answer. */
  contact?: string | null;
}

/** A case as support works it: the case, its audit trail, its reports, and the account's signals. */
export interface AbuseCaseFile {
  kase: AbuseCaseEntity;
  /** The account's email, for support; null when the case names none or the account is gone. */
  accountEmail: string | null;
  events: AbuseCaseEventEntity[];
  reports: AbuseReportEntity[];
  signals: AbuseSignalEntity[];
}

/** What the owner of an account may see about it: signals and decisions, never who reported. */
export interface AbuseRecord {
  signals: AbuseSignalEntity[];
  decisions: Array<Pick<AbuseCaseEntity, 'id' | 'decision' | 'closedAt' | 'reason'>>;
}

const KEY_PREFIX = /^vc-[0-9A-Za-z]{8}$/;
const CONTACT_MAX = 254;

/**
 * Abuse cases: reports open them, support works them (notes, and a decision: dismiss, warn, suspend the
 * key, suspend the account), every action is audited with who and when, and a closed case file is
 * deleted 90 days after closing (AbuseCasesRetention).
 */
@Injectable()
export class AbuseCasesService {
  constructor(
    private readonly cases: AbuseCasesRepository,
    private readonly signals: AbuseSignalsService,
    private readonly keys: ApiKeysService,
    private readonly suspension: AccountSuspensionService,
    private readonly accounts: AccountsService,
    private readonly clock: Clock,
  ) {}

  /** Records a report and opens a case for it; the reported owner gets a signal with its category only. */
  async report(input: AbuseReportInput): Promise<{ reference: string; receivedAt: Date }> {
    const category = REPORT_CATEGORIES.find((c) => c === input.category);
    if (!category)
      throw new InvalidRequestError(
        `The category must be one of ${REPORT_CATEGORIES.join(', ')}.`,
        'category',
        'invalid_value',
      );
    const description = input.description.trim();
    if (description.length < 10 || description.length > 2000)
      throw new InvalidRequestError(
        'Describe what happened in 10 to 2,000 characters.',
        'description',
        'invalid_value',
      );
    const keyPrefix = input.keyPrefix?.trim() || null;
    if (keyPrefix !== null && !KEY_PREFIX.test(keyPrefix))
      throw new InvalidRequestError(
        'A key is named by its first 11 characters, e.g. vc-AbCd1234 (never send a whole key).',
        'keyPrefix',
        'invalid_value',
      );
    const contact = input.contact?.trim() || null;
    if (contact !== null && contact.length > CONTACT_MAX)
      throw new InvalidRequestError(
        `The contact may have at most ${CONTACT_MAX} characters.`,
        'contact',
        'invalid_value',
      );

    const key = keyPrefix ? await this.keys.keyByPrefix(keyPrefix) : null;
    const now = this.clock.now();
    const caseId = randomUUID();
    const report = this.reportRow(caseId, now, category, description, keyPrefix, key?.accountId ?? null, contact);
    await this.cases.open(
      Object.assign(new AbuseCaseEntity(), {
        id: caseId,
        accountId: key?.accountId ?? null,
        apiKeyId: key?.keyId ?? null,
        reason: 'report',
        status: 'open',
        openedAt: now,
        decision: null,
        closedAt: null,
      }),
      this.event(caseId, now, 'system', 'opened', null),
      report,
    );
    if (key)
      await this.signals.reportManual({ reportId: report.id, accountId: key.accountId, apiKeyId: key.keyId, category });
    return { reference: report.id, receivedAt: now };
  }

  queue(status: CaseStatus, limit: number): Promise<AbuseCaseEntity[]> {
    return this.cases.list(status, Math.min(Math.max(limit, 1), 100));
  }

  async file(caseId: string): Promise<AbuseCaseFile> {
    const kase = await this.cases.find(caseId);
    if (!kase) throw new AbuseCaseNotFoundError(caseId);
    const [events, reports, signals, accountEmail] = await Promise.all([
      this.cases.events(caseId),
      this.cases.reports(caseId),
      kase.accountId ? this.signals.listForAccount(kase.accountId) : Promise.resolve([]),
      kase.accountId ? this.accounts.emailOf(kase.accountId) : Promise.resolve(null),
    ]);
    return { kase, accountEmail, events, reports, signals };
  }

  async addNote(caseId: string, note: string, actor: string): Promise<AbuseCaseFile> {
    const kase = await this.cases.find(caseId);
    if (!kase) throw new AbuseCaseNotFoundError(caseId);
    await this.cases.addEvent(this.event(caseId, this.clock.now(), actor, 'note', checkedNote(note)));
    return this.file(caseId);
  }

  /**
   * Decides and closes an open case. A suspension takes effect before the case closes: the key is revoked,
   * or the account suspended (its keys refused and sessions ended on every instance at once).
   */
  async decide(caseId: string, decision: string, note: string | null, actor: string): Promise<AbuseCaseFile> {
    const chosen = CASE_DECISIONS.find((d) => d === decision);
    if (!chosen)
      throw new InvalidRequestError(
        `The decision must be one of ${CASE_DECISIONS.join(', ')}.`,
        'decision',
        'invalid_value',
      );
    const kase = await this.cases.find(caseId);
    if (!kase) throw new AbuseCaseNotFoundError(caseId);
    if (kase.status === 'closed') throw new AbuseCaseClosedError();
    await this.enforce(kase, chosen);
    const now = this.clock.now();
    const closed = await this.cases.close(
      caseId,
      chosen,
      now,
      this.event(caseId, now, actor, chosen, note ? checkedNote(note) : null),
    );
    if (!closed) throw new AbuseCaseClosedError();
    return this.file(caseId);
  }

  /** The owner's view of their own account. */
  async recordOf(accountId: string): Promise<AbuseRecord> {
    const [signals, closed] = await Promise.all([
      this.signals.listForAccount(accountId),
      this.cases.closedAbout(accountId),
    ]);
    return {
      signals,
      decisions: closed.map((c) => ({ id: c.id, decision: c.decision, closedAt: c.closedAt, reason: c.reason })),
    };
  }

  private async enforce(kase: AbuseCaseEntity, decision: CaseDecision): Promise<void> {
    if (decision === 'suspend_key') {
      if (!kase.apiKeyId)
        throw new InvalidRequestError(
          'This case names no key: suspend the account, or decide otherwise.',
          'decision',
          'invalid_value',
        );
      await this.keys.revoke(kase.apiKeyId);
    }
    if (decision === 'suspend_account') {
      if (!kase.accountId)
        throw new InvalidRequestError('This case names no account we know.', 'decision', 'invalid_value');
      await this.suspension.suspend(kase.accountId);
    }
  }

  private event(
    caseId: string,
    at: Date,
    actor: string,
    action: CaseAction,
    note: string | null,
  ): AbuseCaseEventEntity {
    return Object.assign(new AbuseCaseEventEntity(), { id: randomUUID(), caseId, at, actor, action, note });
  }

  private reportRow(
    caseId: string,
    createdAt: Date,
    category: ReportCategory,
    description: string,
    reportedKeyPrefix: string | null,
    reportedAccountId: string | null,
    reporterContact: string | null,
  ): AbuseReportEntity {
    return Object.assign(new AbuseReportEntity(), {
      id: randomUUID(),
      createdAt,
      caseId,
      category,
      description,
      reportedKeyPrefix,
      reportedAccountId,
      reporterContact,
    });
  }
}

function checkedNote(note: string): string {
  const trimmed = note.trim();
  if (trimmed.length === 0 || trimmed.length > 2000)
    throw new InvalidRequestError('A note has 1 to 2,000 characters.', 'note', 'invalid_value');
  return trimmed;
}
