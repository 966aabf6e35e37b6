import { Column, Entity, Index, PrimaryColumn } from 'typeorm';
import { bigintTransformer } from '@vipcloud/platform';

export type UsageSource = 'upstream' | 'estimated' | 'none';

/**
 * One row per API request: what billing, abuse prevention and troubleshooting need, and nothing
 * of the prompt or completion. Kept 30 days.
 */
@Entity({ name: 'request_logs' })
@Index('idx_request_logs_account_time', ['accountId', 'createdAt'])
@Index('idx_request_logs_time', ['createdAt'])
export class RequestLogEntity {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  id!: string;

  @Column({ name: 'created_at', type: 'datetime' })
  createdAt!: Date;

  @Column({ name: 'account_id', type: 'varchar', length: 36 })
  accountId!: string;

  @Column({ name: 'api_key_id', type: 'varchar', length: 36 })
  apiKeyId!: string;

  @Column({ type: 'varchar', length: 128 })
  model!: string;

  @Column({ type: 'varchar', length: 32, nullable: true, default: null })
  provider!: string | null;

  /** The channel that served (or last failed) the request: provider, key position, upstream model. */
  @Column({ type: 'varchar', length: 200, nullable: true, default: null })
  route!: string | null;

  @Column({ type: 'int' })
  attempts!: number;

  @Column({ type: 'boolean' })
  stream!: boolean;

  @Column({ type: 'int' })
  status!: number;

  @Column({ name: 'error_code', type: 'varchar', length: 64, nullable: true, default: null })
  errorCode!: string | null;

  @Column({ name: 'finish_reason', type: 'varchar', length: 32, nullable: true, default: null })
  finishReason!: string | null;

  @Column({ name: 'input_tokens', type: 'int' })
  inputTokens!: number;

  @Column({ name: 'cached_tokens', type: 'int' })
  cachedTokens!: number;

  @Column({ name: 'output_tokens', type: 'int' })
  outputTokens!: number;

  @Column({ name: 'reasoning_tokens', type: 'int' })
  reasoningTokens!: number;

  @Column({ name: 'usage_source', type: 'varchar', length: 16 })
  usageSource!: UsageSource;

  @Column({ name: 'latency_ms', type: 'int' })
  latencyMs!: number;

  @Column({ name: 'ttfb_ms', type: 'int', nullable: true, default: null })
  ttfbMs!: number | null;

  /** Truncated before it is stored: IPv4 /24, IPv6 /48. */
  @Column({ name: 'client_ip', type: 'varchar', length: 64, nullable: true, default: null })
  clientIp!: string | null;

  @Column({ name: 'cost_micros', type: 'bigint', transformer: bigintTransformer })
  costMicros!: number;

  /** The price the request was charged at, per 1M tokens in micro-USD. */
  @Column({ name: 'price_input_micros', type: 'bigint', transformer: bigintTransformer })
  priceInputMicros!: number;

  @Column({ name: 'price_cached_micros', type: 'bigint', transformer: bigintTransformer })
  priceCachedMicros!: number;

  @Column({ name: 'price_output_micros', type: 'bigint', transformer: bigintTransformer })
  priceOutputMicros!: number;

  @Column({ name: 'catalog_version', type: 'varchar', length: 32 })
  catalogVersion!: string;
}
