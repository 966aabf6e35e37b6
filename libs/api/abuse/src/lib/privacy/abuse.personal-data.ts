import { Injectable } from '@nestjs/common';
import { isoTime, PersonalDataRow, TablePersonalDataSource } from '@vipcloud/privacy';
import { AbuseSignalEntity } from '../entities/abuse-signal.entity';
import { AbusePersonalDataRepository } from './abuse-personal-data.repository';

/** Signals that may indicate abuse (a provider refused a request): metadata only, never content. */
@Injectable()
export class AbuseSignalsPersonalData extends TablePersonalDataSource<AbuseSignalEntity> {
  readonly kind = 'abuse.signals';
  readonly category = 'abuse';

  constructor(repository: AbusePersonalDataRepository) {
    super(repository.signals, {
      name: 'abuse-signals.csv',
      format: 'csv',
      description:
        'Events about your requests that may indicate abuse: a provider refusing a request (when, which request, ' +
        'key, model and provider, whether the input or the output was refused, and the provider’s code), or a ' +
        'request refused by a rate limit (which limit, of the key or of the account).',
    });
  }

  protected toRow(s: AbuseSignalEntity): PersonalDataRow {
    return {
      id: s.id,
      createdAt: isoTime(s.createdAt),
      kind: s.kind,
      requestId: s.requestId,
      apiKeyId: s.apiKeyId,
      model: s.model,
      provider: s.provider,
      stage: s.stage,
      upstreamCode: s.upstreamCode,
      detail: s.detail,
    };
  }
}

/** Abuse's sources, for its module's providers. */
export const ABUSE_PERSONAL_DATA = [AbusePersonalDataRepository, AbuseSignalsPersonalData];
