import { Injectable } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { isoTime, PersonalDataRow, TablePersonalDataSource } from '@vipcloud/privacy';
import { RequestLogEntity } from '../metering/request-log.entity';
import { REQUEST_LOG_RETENTION_DAYS } from '../retention/request-log-retention.service';
import { GatewayPersonalDataRepository } from './gateway-personal-data.repository';

const DAY_MS = 24 * 3600_000;

/**
 * Request metadata (one row per API request, never its prompt or completion), as long as it is
 * kept: a row past its 30 days that the daily purge has not reached yet is no longer shown. The
 * upstream route (which of our provider keys served it) and the catalog version are ours, not
 * the person's, and stay out.
 */
@Injectable()
export class RequestMetadataPersonalData extends TablePersonalDataSource<RequestLogEntity> {
  readonly kind = 'gateway.request-metadata';
  readonly category = 'requestMetadata';

  constructor(
    repository: GatewayPersonalDataRepository,
    private readonly clock: Clock,
  ) {
    super(repository.requests, {
      name: 'request-metadata.csv',
      format: 'csv',
      description:
        `Your API requests of the last ${REQUEST_LOG_RETENTION_DAYS} days (older ones are deleted), one per row: ` +
        'when, the key, model and provider, the HTTP status and error, the tokens counted, latency, your IP ' +
        'address truncated (IPv4 /24, IPv6 /48), the cost and the price per 1M tokens in micro-USD. ' +
        'No prompt or completion is ever stored, so none is here.',
    });
  }

  protected override keptSince(): Date {
    return new Date(this.clock.nowMs() - REQUEST_LOG_RETENTION_DAYS * DAY_MS);
  }

  protected toRow(r: RequestLogEntity): PersonalDataRow {
    return {
      id: r.id,
      createdAt: isoTime(r.createdAt),
      apiKeyId: r.apiKeyId,
      model: r.model,
      provider: r.provider,
      stream: r.stream,
      attempts: r.attempts,
      status: r.status,
      errorCode: r.errorCode,
      finishReason: r.finishReason,
      inputTokens: r.inputTokens,
      cachedTokens: r.cachedTokens,
      outputTokens: r.outputTokens,
      reasoningTokens: r.reasoningTokens,
      usageSource: r.usageSource,
      latencyMs: r.latencyMs,
      ttfbMs: r.ttfbMs,
      clientIp: r.clientIp,
      costMicros: r.costMicros,
      priceInputMicros: r.priceInputMicros,
      priceCachedMicros: r.priceCachedMicros,
      priceOutputMicros: r.priceOutputMicros,
    };
  }
}

/** The gateway's sources, for its jobs module's providers (present in the api and worker roles). */
export const GATEWAY_PERSONAL_DATA = [GatewayPersonalDataRepository, RequestMetadataPersonalData];
