import { Injectable } from '@nestjs/common';
import { parseAmount } from '@vipcloud/billing';
import { Clock } from '@vipcloud/platform';
import { GatewayConfig, InjectGatewayConfig } from '../gateway.config';
import type { CatalogModel, ModelPrice } from '../catalog/model-catalog.schema';
import { ModelCatalogService } from '../catalog/model-catalog.service';
import { InvalidModelPriceError, UnknownCatalogModelError } from '../gateway.errors';
import { ModelPriceEntity } from './model-price.entity';
import { ModelPriceRepository } from './model-price.repository';

/**
 * The public `models` query reports prices as GraphQL `Int` (32-bit), so a larger price could be
 * charged but not shown: refused instead. 2147.483647 USD per 1M tokens is far above any model's.
 */
export const MAX_PRICE_MICROS = 2_147_483_647;

/** A price as operators type it: decimal USD per 1M tokens, e.g. "0.30", at most 6 decimals. */
export interface UsdModelPrice {
  input: string;
  cachedInput: string;
  output: string;
}

/** What a model costs now, and whether an operator's edit or the catalog decides it. */
export interface EffectiveModelPrice {
  model: string;
  /** Integer micro-USD per 1M tokens. */
  price: ModelPrice;
  catalogPrice: ModelPrice;
  /** Null when the catalog's price applies. */
  override: { updatedAt: Date; updatedBy: string } | null;
}

type Overrides = ReadonlyMap<string, ModelPriceEntity>;

const PRICE_FIELDS = ['input', 'cachedInput', 'output'] as const;

/**
 * Operators' price edits on top of the catalog. The request path reads them from a per-instance
 * snapshot of the (small) model_prices table, re-read at most every PRICE_CACHE_MS, so pricing
 * costs no database round trip per request; an edit reaches the other instances within that time
 * and this one at once. A request reads its price once, when it starts (see ChatCompletionsService).
 */
@Injectable()
export class ModelPricesService {
  private overrides: Overrides = new Map();
  /** When the snapshot's read started (clock ms); null before the first read. */
  private loadedAtMs: number | null = null;
  private inFlight: Promise<Overrides> | null = null;
  /** Counts this instance's edits, so a read that raced one cannot undo it in the snapshot. */
  private writes = 0;

  constructor(
    private readonly repo: ModelPriceRepository,
    private readonly catalog: ModelCatalogService,
    @InjectGatewayConfig() private readonly config: GatewayConfig,
    private readonly clock: Clock,
  ) {}

  /** The price a request starting now pays, in integer micro-USD per 1M tokens. */
  async priceFor(model: CatalogModel): Promise<ModelPrice> {
    const overrides = await this.current();
    return priceOf(model, overrides.get(model.id));
  }

  /** Current prices of several models from one snapshot (one read at most, whatever their number). */
  async pricesFor(models: readonly CatalogModel[]): Promise<ModelPrice[]> {
    const overrides = await this.current();
    return models.map((m) => priceOf(m, overrides.get(m.id)));
  }

  /** Every catalog model's price, read from the database rather than the snapshot: operators see what is stored. */
  async list(): Promise<EffectiveModelPrice[]> {
    const overrides = await this.reload();
    return this.catalog.catalog.models.map((m) => effective(m, overrides.get(m.id)));
  }

  /** Sets a model's price from decimal USD per 1M tokens (the admin API and the CLI). */
  async setUsd(modelId: string, usd: UsdModelPrice, actor: string): Promise<EffectiveModelPrice> {
    const price = { input: 0, cachedInput: 0, output: 0 };
    for (const field of PRICE_FIELDS) price[field] = usdToMicros(usd[field], field);
    return this.set(modelId, price, actor);
  }

  /**
   * Sets a model's price in integer micro-USD per 1M tokens. It applies to requests that start
   * after this returns; requests in flight keep the price they started with.
   */
  async set(modelId: string, price: ModelPrice, actor: string): Promise<EffectiveModelPrice> {
    validatePrice(price);
    const model = this.catalog.catalogModel(modelId);
    if (!model) throw new UnknownCatalogModelError(modelId);
    const row = Object.assign(new ModelPriceEntity(), {
      modelId,
      inputMicros: price.input,
      cachedInputMicros: price.cachedInput,
      outputMicros: price.output,
      updatedAt: this.clock.now(),
      updatedBy: actor.slice(0, 100),
    });
    await this.repo.upsert(row);
    this.writes++;
    this.overrides = new Map(this.overrides).set(modelId, row);
    return effective(model, row);
  }

  private current(): Promise<Overrides> {
    const ttl = this.config.priceCacheMs;
    if (ttl === 0) return this.reload();
    if (this.loadedAtMs !== null && this.clock.nowMs() - this.loadedAtMs < ttl) return Promise.resolve(this.overrides);
    // One read serves every request that finds the snapshot stale meanwhile.
    this.inFlight ??= this.reload().finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async reload(): Promise<Overrides> {
    const writesBefore = this.writes;
    const startedAt = this.clock.nowMs();
    const fresh: Overrides = new Map((await this.repo.list()).map((r) => [r.modelId, r]));
    // This read may predate an edit made here meanwhile: keep the snapshot that has the edit, and
    // leave its age alone so the next request reads again.
    if (this.writes !== writesBefore) return this.overrides;
    if (this.loadedAtMs === null || startedAt >= this.loadedAtMs) {
      this.overrides = fresh;
      this.loadedAtMs = startedAt;
    }
    return fresh;
  }
}

function priceOf(model: CatalogModel, row: ModelPriceEntity | undefined): ModelPrice {
  return row ? { input: row.inputMicros, cachedInput: row.cachedInputMicros, output: row.outputMicros } : model.price;
}

function effective(model: CatalogModel, row: ModelPriceEntity | undefined): EffectiveModelPrice {
  return {
    model: model.id,
    price: priceOf(model, row),
    catalogPrice: model.price,
    override: row ? { updatedAt: row.updatedAt, updatedBy: row.updatedBy } : null,
  };
}

function usdToMicros(text: string, field: string): number {
  if (text.trim().startsWith('-')) throw new InvalidModelPriceError(`The ${field} price cannot be negative.`, field);
  try {
    return parseAmount(text);
  } catch {
    throw new InvalidModelPriceError(
      `The ${field} price must be a decimal amount of USD per 1M tokens with at most 6 decimals, e.g. 0.30.`,
      field,
    );
  }
}

function validatePrice(price: ModelPrice): void {
  for (const field of PRICE_FIELDS) {
    const value = price[field];
    if (!Number.isSafeInteger(value) || value < 0) {
      throw new InvalidModelPriceError(
        `The ${field} price must be a whole, non-negative number of micro-USD per 1M tokens.`,
        field,
      );
    }
    if (value > MAX_PRICE_MICROS)
      throw new InvalidModelPriceError(`The ${field} price can be at most 2147.483647 USD per 1M tokens.`, field);
  }
  if (price.cachedInput > price.input)
    throw new InvalidModelPriceError('The cached input price cannot be above the input price.', 'cachedInput');
}
