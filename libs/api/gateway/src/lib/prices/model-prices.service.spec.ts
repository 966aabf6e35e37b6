import { AppConfig, AppError } from '@vipcloud/platform';
import { gatewayConfig } from '../gateway.config';
import { FakeClock } from '@vipcloud/platform/testing';
import { ModelCatalogService } from '../catalog/model-catalog.service';
import type { CatalogModel } from '../catalog/model-catalog.schema';
import { InvalidModelPriceError, UnknownCatalogModelError } from '../gateway.errors';
import { ModelPriceEntity } from './model-price.entity';
import type { ModelPriceRepository } from './model-price.repository';
import { ModelPricesService } from './model-prices.service';

/** The table, shared by several "instances" the way the database is; counts reads. */
class FakeModelPriceRepository {
  rows = new Map<string, ModelPriceEntity>();
  reads = 0;
  /** When set, list() waits for it: to interleave a read with a write. */
  gate: Promise<void> | null = null;

  async list(): Promise<ModelPriceEntity[]> {
    this.reads++;
    const snapshot = [...this.rows.values()].map((r) => ({ ...r }));
    if (this.gate) await this.gate;
    return snapshot;
  }

  async upsert(row: ModelPriceEntity): Promise<void> {
    this.rows.set(row.modelId, { ...row });
  }
}

const catalog = new ModelCatalogService(new AppConfig({}).settings(gatewayConfig));
const flash = catalog.catalogModel('deepseek-flash') as CatalogModel;

function instance(repo: FakeModelPriceRepository, clock: FakeClock, cacheMs: number): ModelPricesService {
  return new ModelPricesService(
    repo as unknown as ModelPriceRepository,
    catalog,
    new AppConfig({ PRICE_CACHE_MS: String(cacheMs) }).settings(gatewayConfig),
    clock,
  );
}

describe('ModelPricesService', () => {
  let repo: FakeModelPriceRepository;
  let clock: FakeClock;

  beforeEach(() => {
    repo = new FakeModelPriceRepository();
    clock = new FakeClock();
  });

  it('charges the catalog price until an operator sets one', async () => {
    const prices = instance(repo, clock, 5000);
    expect(await prices.priceFor(flash)).toEqual(flash.price);
    const set = await prices.set(
      'deepseek-flash',
      { input: 400_000, cachedInput: 8_000, output: 1_500_000 },
      'operator:a1',
    );
    expect(set).toMatchObject({
      model: 'deepseek-flash',
      price: { input: 400_000, cachedInput: 8_000, output: 1_500_000 },
      catalogPrice: flash.price,
    });
    expect(set.override).toEqual({ updatedAt: clock.now(), updatedBy: 'operator:a1' });
    // The writing instance applies its own edit at once, without waiting for its cache to expire.
    expect(await prices.priceFor(flash)).toEqual({ input: 400_000, cachedInput: 8_000, output: 1_500_000 });
  });

  it('reads the table at most once per PRICE_CACHE_MS, however many requests', async () => {
    const prices = instance(repo, clock, 5000);
    await Promise.all(Array.from({ length: 50 }, () => prices.priceFor(flash)));
    expect(repo.reads).toBe(1);
    clock.advance(4999);
    await prices.priceFor(flash);
    expect(repo.reads).toBe(1);
    clock.advance(1);
    await Promise.all([prices.priceFor(flash), prices.priceFor(flash)]);
    expect(repo.reads).toBe(2);
  });

  it('lets another instance apply an edit once its cache period has passed', async () => {
    const a = instance(repo, clock, 5000);
    const b = instance(repo, clock, 5000);
    expect(await b.priceFor(flash)).toEqual(flash.price);
    await a.set('deepseek-flash', { input: 1, cachedInput: 1, output: 1 }, 'cli');
    clock.advance(4000);
    expect(await b.priceFor(flash)).toEqual(flash.price);
    clock.advance(1000);
    expect(await b.priceFor(flash)).toEqual({ input: 1, cachedInput: 1, output: 1 });
  });

  it('reads for every request when PRICE_CACHE_MS is 0', async () => {
    const a = instance(repo, clock, 0);
    const b = instance(repo, clock, 0);
    await b.priceFor(flash);
    await a.set('deepseek-flash', { input: 2, cachedInput: 1, output: 3 }, 'cli');
    expect(await b.priceFor(flash)).toEqual({ input: 2, cachedInput: 1, output: 3 });
    expect(repo.reads).toBe(2);
  });

  it('never lets a read that started before a local edit undo it', async () => {
    const prices = instance(repo, clock, 5000);
    let open!: () => void;
    repo.gate = new Promise((r) => (open = r));
    const slowRead = prices.priceFor(flash);
    await prices.set('deepseek-flash', { input: 7, cachedInput: 7, output: 7 }, 'cli');
    repo.gate = null;
    open();
    await slowRead;
    expect(await prices.priceFor(flash)).toEqual({ input: 7, cachedInput: 7, output: 7 });
  });

  it('gives one snapshot for several models', async () => {
    const prices = instance(repo, clock, 0);
    const kimi = catalog.catalogModel('kimi-k3') as CatalogModel;
    await prices.set('kimi-k3', { input: 5, cachedInput: 5, output: 5 }, 'cli');
    expect(await prices.pricesFor([flash, kimi])).toEqual([flash.price, { input: 5, cachedInput: 5, output: 5 }]);
    expect(repo.reads).toBe(1);
  });

  it('lists every catalog model from the table, marking overrides', async () => {
    const prices = instance(repo, clock, 5000);
    await instance(repo, clock, 5000).set('kimi-k3', { input: 5, cachedInput: 5, output: 5 }, 'operator:x');
    const list = await prices.list();
    expect(list.map((p) => p.model)).toEqual(catalog.catalog.models.map((m) => m.id));
    expect(list.find((p) => p.model === 'kimi-k3')).toMatchObject({
      price: { input: 5 },
      override: { updatedBy: 'operator:x' },
    });
    expect(list.find((p) => p.model === 'deepseek-flash')).toMatchObject({ price: flash.price, override: null });
  });

  describe('validation', () => {
    const error = async (p: Promise<unknown>): Promise<AppError> => {
      try {
        await p;
      } catch (err) {
        if (err instanceof AppError) return err;
        throw err;
      }
      throw new Error('expected an error');
    };

    it.each([
      ['a negative amount', { input: -1, cachedInput: 0, output: 0 }, 'input'],
      ['a fraction of a micro-USD', { input: 1.5, cachedInput: 0, output: 0 }, 'input'],
      ['an unsafe integer', { input: 10, cachedInput: 0, output: 2 ** 53 }, 'output'],
      ['NaN', { input: 10, cachedInput: Number.NaN, output: 0 }, 'cachedInput'],
      ['more than the public API can show', { input: 2_147_483_648, cachedInput: 0, output: 0 }, 'input'],
      ['cached input above input', { input: 10, cachedInput: 11, output: 0 }, 'cachedInput'],
    ])('refuses %s, changing nothing', async (_name, price, param) => {
      const prices = instance(repo, clock, 0);
      const err = await error(prices.set('deepseek-flash', price, 'cli'));
      expect(err).toBeInstanceOf(InvalidModelPriceError);
      expect(err).toMatchObject({ status: 400, param, code: 'invalid_price' });
      expect(repo.rows.size).toBe(0);
    });

    it('refuses a model the catalog does not list with a 404', async () => {
      const err = await error(
        instance(repo, clock, 0).set('gpt-nonexistent', { input: 1, cachedInput: 1, output: 1 }, 'cli'),
      );
      expect(err).toBeInstanceOf(UnknownCatalogModelError);
      expect(err.status).toBe(404);
      expect(repo.rows.size).toBe(0);
    });

    it('parses decimal USD per 1M tokens exactly', async () => {
      const set = await instance(repo, clock, 0).setUsd(
        'deepseek-flash',
        { input: '0.3', cachedInput: '0.000001', output: '2147.483647' },
        'cli',
      );
      expect(set.price).toEqual({ input: 300_000, cachedInput: 1, output: 2_147_483_647 });
      expect(repo.rows.get('deepseek-flash')?.outputMicros).toBe(2_147_483_647);
    });

    it.each([
      ['-0', 'input'],
      ['-1.00', 'input'],
      ['0.1234567', 'input'],
      ['1e3', 'input'],
      ['', 'input'],
      ['abc', 'input'],
      ['0,30', 'input'],
    ])('refuses the amount %j', async (text, param) => {
      const err = await error(
        instance(repo, clock, 0).setUsd('deepseek-flash', { input: text, cachedInput: '0', output: '1' }, 'cli'),
      );
      expect(err).toMatchObject({ status: 400, param });
      expect(repo.rows.size).toBe(0);
    });
  });
});
