import { randomUUID } from 'node:crypto';
import { Injectable, Logger } from '@nestjs/common';
import { AppError, Clock } from '@vipcloud/platform';
import { BillingConfig, InjectBillingConfig } from '../billing.config';
import { LowBalanceService } from '../alerts/low-balance.service';
import { costMicros, Price } from '../cost';
import { LedgerRepository } from '../ledger/ledger.repository';
import { formatAmount } from '../money';

/** Below this many output tokens a clamped request is not worth sending: answer 402 instead. */
export const MIN_OUTPUT_TOKENS = 16;

export class InsufficientCreditsError extends AppError {
  constructor(neededMicros: number, availableMicros: number) {
    super({
      status: 402,
      type: 'insufficient_quota',
      code: 'insufficient_quota',
      message: `This request needs up to ${formatAmount(neededMicros)} USD in credits; the account has ${formatAmount(Math.max(availableMicros, 0))} USD available. Buy credits in the VIPCloud portal.`,
    });
  }
}

/** A refund or chargeback took the balance below zero: keys stop until it is settled. */
export class AccountInArrearsError extends AppError {
  constructor(balanceMicros: number) {
    super({
      status: 402,
      type: 'insufficient_quota',
      code: 'insufficient_quota',
      message: `The account's balance is ${formatAmount(balanceMicros)} USD after a refund or chargeback; its API keys are paused until the balance is brought back to zero or more. Buy credits in the VIPCloud portal.`,
    });
  }
}

/** The price a request was billed at, kept on its ledger entry: micro-USD per 1M tokens. */
export function priceSnapshot(model: string, price: Price): string {
  return `${model} input=${price.input} cached=${price.cachedInput} output=${price.output}`.slice(0, 200);
}

export interface HoldRequest {
  accountId: string;
  requestId: string;
  promptTokens: number;
  /** The output cap of one choice. */
  maxOutputTokens: number;
  /** How many choices the request asks for (`n`): each may generate up to the cap. Default 1. */
  choices?: number;
  price: Price;
}

export interface Hold {
  amountMicros: number;
  /** Set when the balance covers fewer output tokens than asked: the cap to send upstream. */
  outputCap: number | null;
}

/**
 * Credits on the request path: reserve the most a request can cost before it is forwarded, settle
 * exactly once after it ends (debit the actual cost, release the rest).
 */
@Injectable()
export class CreditsService {
  private readonly logger = new Logger('Credits');

  constructor(
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
    @InjectBillingConfig() private readonly config: BillingConfig,
    private readonly alerts: LowBalanceService,
  ) {}

  async reserve(r: HoldRequest): Promise<Hold> {
    const choices = Math.max(1, Math.floor(r.choices ?? 1));
    const holdFor = (outputCap: number): number =>
      costMicros({ inputTokens: r.promptTokens, cachedTokens: 0, outputTokens: outputCap * choices }, r.price);
    const full = holdFor(r.maxOutputTokens);
    if (full === 0) {
      // Free models reserve nothing, but an account in arrears is stopped for them too.
      const { balance } = await this.ledger.available(r.accountId);
      if (balance < 0) throw new AccountInArrearsError(balance);
      return { amountMicros: 0, outputCap: null };
    }
    const now = this.clock.now();
    if (await this.ledger.reserve(r.accountId, r.requestId, full, now)) return { amountMicros: full, outputCap: null };
    // Not enough for the whole cap: offer the largest output the available balance pays for.
    const { balance, held } = await this.ledger.available(r.accountId);
    if (balance < 0) throw new AccountInArrearsError(balance);
    const available = balance - held;
    if (r.price.output > 0) {
      const forOutput = BigInt(available) * 1_000_000n - BigInt(r.promptTokens) * BigInt(r.price.input);
      // The affordable output is shared by every choice: the cap sent upstream is per choice.
      const affordable = forOutput > 0n ? Number(forOutput / BigInt(r.price.output) / BigInt(choices)) : 0;
      const cap = Math.min(affordable, r.maxOutputTokens - 1);
      if (cap >= MIN_OUTPUT_TOKENS) {
        const amount = holdFor(cap);
        if (await this.ledger.reserve(r.accountId, r.requestId, amount, now))
          return { amountMicros: amount, outputCap: cap };
      }
    }
    throw new InsufficientCreditsError(full, available);
  }

  /**
   * Debits the request's actual cost (0 for failures and refusals) and releases its hold, once:
   * the usage entry's reference is the request id.
   */
  async settle(accountId: string, requestId: string, costMicros: number, model: string, price: Price): Promise<void> {
    const now = this.clock.now();
    const usage =
      costMicros > 0
        ? {
            id: randomUUID(),
            accountId,
            kind: 'usage' as const,
            amountMicros: -costMicros,
            reference: `usage:${requestId}`,
            fingerprint: requestId,
            reason: `API request ${requestId} (${model})`.slice(0, 500),
            actor: 'system',
            createdAt: now,
            priceSnapshot: priceSnapshot(model, price),
          }
        : null;
    const result = await this.ledger.settle(requestId, accountId, usage, now);
    if (result && !result.replayed) await this.alerts.observe(result.entry);
  }

  /** Releases holds whose request never settled (its instance crashed); returns how many. */
  async releaseStaleHolds(): Promise<number> {
    const stale = await this.ledger.staleHolds(new Date(this.clock.nowMs() - this.config.holdTtlMs));
    for (const hold of stale) {
      await this.ledger.settle(hold.requestId, hold.accountId, null, this.clock.now());
      this.logger.warn(`released the stale hold of ${hold.requestId}`);
    }
    return stale.length;
  }
}
