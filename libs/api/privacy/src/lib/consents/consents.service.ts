import { Injectable } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { PrivacyPolicyVersion } from '../ports/privacy-policy-version.port';
import { RightsRequestsService } from '../rights/rights-requests.service';
import { CONSENT_KINDS, ConsentEntity, ConsentKind } from './consent.entity';
import { ConsentsRepository } from './consents.repository';

/** An account's answer for one kind, as the portal shows it (never answered: not granted, no time). */
export interface ConsentState {
  kind: ConsentKind;
  granted: boolean;
  policyVersion: string | null;
  changedAt: Date | null;
}

/**
 * Consents to optional processing (debug captures, product emails): granted and withdrawn by the
 * account in one click, each answer recorded with its time and the privacy policy version in effect.
 */
@Injectable()
export class ConsentsService {
  constructor(
    private readonly consents: ConsentsRepository,
    private readonly policy: PrivacyPolicyVersion,
    private readonly rights: RightsRequestsService,
    private readonly clock: Clock,
  ) {}

  /**
   * Whether the account consents now. Read from the database on every call, never cached: a
   * withdrawal stops the processing on the very next request, on every instance.
   */
  async isGranted(accountId: string, kind: ConsentKind): Promise<boolean> {
    return (await this.consents.find(accountId, kind))?.granted ?? false;
  }

  /** One state per kind, in a fixed order. */
  async list(accountId: string): Promise<ConsentState[]> {
    const rows = new Map((await this.consents.listOf(accountId)).map((c) => [c.kind, c]));
    return CONSENT_KINDS.map((kind) => toState(kind, rows.get(kind) ?? null));
  }

  /**
   * Records the answer. Giving the current answer again changes nothing (no new history row); a
   * withdrawal of a consent that was given is also recorded as a completed rights request.
   */
  async set(accountId: string, kind: ConsentKind, granted: boolean): Promise<ConsentState> {
    const current = await this.consents.find(accountId, kind);
    if ((current?.granted ?? false) === granted && current) return toState(kind, current);
    const consent = Object.assign(new ConsentEntity(), {
      accountId,
      kind,
      granted,
      policyVersion: this.policy.current(),
      changedAt: this.clock.now(),
    });
    await this.consents.record(consent);
    if (!granted && current?.granted) {
      await this.rights.recordSelfService(accountId, 'CONSENT_WITHDRAWAL', 'COMPLETED', `Withdrew consent: ${kind}`);
    }
    return toState(kind, consent);
  }
}

function toState(kind: ConsentKind, row: ConsentEntity | null): ConsentState {
  return {
    kind,
    granted: row?.granted ?? false,
    policyVersion: row?.policyVersion ?? null,
    changedAt: row?.changedAt ?? null,
  };
}
