import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { AccountLookup } from '../ports/account-lookup.port';
import {
  CLOSED_STATUSES,
  RightsRequestEntity,
  RightsRequestSource,
  RightsRequestStatus,
  RightsRequestType,
} from './rights-request.entity';
import { InvalidRightsRequestError, RightsRequestNotFoundError } from './rights-requests.errors';
import { RightsRequestsRepository } from './rights-requests.repository';

/** The policy's promise: an answer within 30 days of receipt. */
export const RIGHTS_REQUEST_DUE_MS = 30 * 24 * 3600_000;
export const DESCRIPTION_MAX_LENGTH = 5000;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
/** A request received "now" by a clock a little ahead of ours is still accepted. */
const FUTURE_SLACK_MS = 5 * 60_000;

/** A request with what support sees of it. */
export interface RightsRequestCase {
  request: RightsRequestEntity;
  overdue: boolean;
  /** The email of the account it concerns, while that account exists. */
  accountEmail: string | null;
}

/**
 * Rights requests and their 30-day deadline: those the portal handles itself (recorded as it
 * completes or starts them), objections the user files, and those support records from the privacy
 * address's mailbox.
 */
@Injectable()
export class RightsRequestsService {
  constructor(
    private readonly requests: RightsRequestsRepository,
    private readonly accounts: AccountLookup,
    private readonly clock: Clock,
  ) {}

  /**
   * Records a request the portal carried out or started for the signed-in account (an export, a
   * deletion, a correction, an objection, a consent withdrawal).
   */
  recordSelfService(
    accountId: string,
    type: RightsRequestType,
    status: RightsRequestStatus,
    description?: string,
  ): Promise<RightsRequestEntity> {
    return this.create({
      type,
      status,
      accountId,
      contactEmail: null,
      source: 'portal',
      description: description ?? null,
      receivedAt: this.clock.now(),
    });
  }

  /** An objection to processing, filed in the portal: support answers it. */
  objectToProcessing(accountId: string, description: string): Promise<RightsRequestEntity> {
    return this.recordSelfService(accountId, 'OBJECTION', 'OPEN', this.validDescription(description));
  }

  /** The account's own requests, newest first. */
  listOwn(accountId: string): Promise<RightsRequestEntity[]> {
    return this.requests.listOf(accountId);
  }

  /** Support records a request that came by email; it is linked to the account with that address, if any. */
  async recordFromEmail(input: {
    type: RightsRequestType;
    contactEmail: string;
    receivedAt: Date;
    description: string;
  }): Promise<RightsRequestCase> {
    const contactEmail = input.contactEmail.trim().toLowerCase();
    if (!EMAIL.test(contactEmail) || contactEmail.length > 320)
      throw new InvalidRightsRequestError('contactEmail must be an email address.', 'contactEmail');
    if (Number.isNaN(input.receivedAt.getTime()) || input.receivedAt.getTime() > this.clock.nowMs() + FUTURE_SLACK_MS)
      throw new InvalidRightsRequestError('receivedAt must not be in the future.', 'receivedAt');
    const request = await this.create({
      type: input.type,
      status: 'OPEN',
      accountId: await this.accounts.idByEmail(contactEmail),
      contactEmail,
      source: 'email',
      description: this.validDescription(input.description),
      receivedAt: input.receivedAt,
    });
    return (await this.cases([request]))[0];
  }

  /** Support's queue, soonest due first, overdue ones flagged. */
  async queue(includeClosed: boolean): Promise<RightsRequestCase[]> {
    return this.cases(await this.requests.queue(includeClosed));
  }

  /** Support moves a request on; a closing status stamps when it was answered, reopening clears it. */
  async update(id: string, status: RightsRequestStatus, note: string | null | undefined): Promise<RightsRequestCase> {
    const request = await this.requests.findById(id);
    if (!request) throw new RightsRequestNotFoundError();
    if (note !== undefined && note !== null && note.length > DESCRIPTION_MAX_LENGTH)
      throw new InvalidRightsRequestError(`note must be at most ${DESCRIPTION_MAX_LENGTH} characters.`, 'note');
    const closing = CLOSED_STATUSES.includes(status);
    const changes: Partial<RightsRequestEntity> = {
      status,
      closedAt: closing ? (request.closedAt ?? this.clock.now()) : null,
    };
    if (note !== undefined) changes.note = note?.trim() || null;
    await this.requests.update(id, changes);
    return (await this.cases([{ ...request, ...changes }]))[0];
  }

  /** Whether the request is past its due date without an answer. */
  isOverdue(request: RightsRequestEntity, now: number = this.clock.nowMs()): boolean {
    return !CLOSED_STATUSES.includes(request.status) && request.dueAt.getTime() < now;
  }

  private async cases(requests: RightsRequestEntity[]): Promise<RightsRequestCase[]> {
    const now = this.clock.nowMs();
    const ids = [...new Set(requests.flatMap((r) => (r.accountId ? [r.accountId] : [])))];
    const emails = ids.length > 0 ? await this.accounts.emailsOf(ids) : new Map<string, string>();
    return requests.map((request) => ({
      request,
      overdue: this.isOverdue(request, now),
      accountEmail: request.accountId ? (emails.get(request.accountId) ?? null) : null,
    }));
  }

  private validDescription(raw: string): string {
    const description = raw.trim();
    if (description.length === 0) throw new InvalidRightsRequestError('description must not be empty.', 'description');
    if (description.length > DESCRIPTION_MAX_LENGTH)
      throw new InvalidRightsRequestError(
        `description must be at most ${DESCRIPTION_MAX_LENGTH} characters.`,
        'description',
      );
    return description;
  }

  private async create(fields: {
    type: RightsRequestType;
    status: RightsRequestStatus;
    accountId: string | null;
    contactEmail: string | null;
    source: RightsRequestSource;
    description: string | null;
    receivedAt: Date;
  }): Promise<RightsRequestEntity> {
    const request = Object.assign(new RightsRequestEntity(), {
      id: randomUUID(),
      ...fields,
      note: null,
      dueAt: new Date(fields.receivedAt.getTime() + RIGHTS_REQUEST_DUE_MS),
      closedAt: CLOSED_STATUSES.includes(fields.status) ? this.clock.now() : null,
    });
    await this.requests.insert(request);
    return request;
  }
}
