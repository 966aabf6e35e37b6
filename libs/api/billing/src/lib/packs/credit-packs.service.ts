import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { Clock } from '@vipcloud/platform';
import { CreditPackEntity, PackCurrency } from '../entities/credit-pack.entity';
import { PackNotFoundError, InvalidPackError } from '../payments/payments.errors';
import { CreditPacksRepository } from './credit-packs.repository';

export const PACK_CURRENCIES: readonly PackCurrency[] = ['USD', 'CNY'];

export interface PackInput {
  name?: string;
  creditsMicros?: number;
  priceMinor?: number;
  currency?: string;
  processorPriceId?: string | null;
  active?: boolean;
  sortOrder?: number;
}

/** Parses a price such as "9.99" into minor units (cents, fen) exactly. */
export function parsePrice(text: string): number {
  const m = /^(\d{1,9})(?:\.(\d{1,2}))?$/.exec(text.trim());
  if (!m) throw new InvalidPackError(`'${text}' is not a price with at most 2 decimals.`, 'price');
  return Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
}

export function formatPrice(minor: number): string {
  return `${Math.floor(minor / 100)}.${String(minor % 100).padStart(2, '0')}`;
}

/** The credit packs on sale, edited by admins. */
@Injectable()
export class CreditPacksService {
  constructor(
    private readonly packs: CreditPacksRepository,
    private readonly clock: Clock,
  ) {}

  list(includeInactive = false): Promise<CreditPackEntity[]> {
    return this.packs.list(!includeInactive);
  }

  find(id: string): Promise<CreditPackEntity | null> {
    return this.packs.findById(id);
  }

  async findOnSale(id: string): Promise<CreditPackEntity> {
    const pack = await this.packs.findById(id);
    if (!pack || !pack.active) throw new PackNotFoundError();
    return pack;
  }

  async create(input: PackInput): Promise<CreditPackEntity> {
    if (
      input.name === undefined ||
      input.creditsMicros === undefined ||
      input.priceMinor === undefined ||
      input.currency === undefined
    ) {
      throw new InvalidPackError('A pack needs a name, credits, a price and a currency.', 'input');
    }
    const now = this.clock.now();
    const pack: CreditPackEntity = Object.assign(new CreditPackEntity(), {
      id: randomUUID(),
      createdAt: now,
      updatedAt: now,
      processorPriceId: null,
      active: true,
      sortOrder: 0,
      ...this.validated(input),
    });
    await this.packs.insert(pack);
    return pack;
  }

  async update(id: string, input: PackInput): Promise<CreditPackEntity> {
    const pack = await this.packs.findById(id);
    if (!pack) throw new PackNotFoundError();
    const changes = { ...this.validated(input), updatedAt: this.clock.now() };
    await this.packs.update(id, changes);
    return Object.assign(pack, changes);
  }

  private validated(input: PackInput): Partial<CreditPackEntity> {
    const out: Partial<CreditPackEntity> = {};
    if (input.name !== undefined) {
      const name = input.name.trim();
      if (name.length < 1 || name.length > 100)
        throw new InvalidPackError('The name must be 1 to 100 characters.', 'name');
      out.name = name;
    }
    if (input.creditsMicros !== undefined) {
      if (!Number.isSafeInteger(input.creditsMicros) || input.creditsMicros <= 0)
        throw new InvalidPackError('Credits must be a positive amount.', 'credits');
      out.creditsMicros = input.creditsMicros;
    }
    if (input.priceMinor !== undefined) {
      if (!Number.isSafeInteger(input.priceMinor) || input.priceMinor <= 0)
        throw new InvalidPackError('The price must be positive.', 'price');
      out.priceMinor = input.priceMinor;
    }
    if (input.currency !== undefined) {
      if (!PACK_CURRENCIES.includes(input.currency as PackCurrency))
        throw new InvalidPackError(`The currency must be one of ${PACK_CURRENCIES.join(', ')}.`, 'currency');
      out.currency = input.currency as PackCurrency;
    }
    if (input.processorPriceId !== undefined) {
      const id = input.processorPriceId?.trim() || null;
      if (id !== null && !/^[\w-]{1,64}$/.test(id))
        throw new InvalidPackError('The processor price id is not valid.', 'processorPriceId');
      out.processorPriceId = id;
    }
    if (input.active !== undefined) out.active = input.active;
    if (input.sortOrder !== undefined) {
      if (!Number.isInteger(input.sortOrder) || Math.abs(input.sortOrder) > 1_000_000)
        throw new InvalidPackError('The sort order must be a whole number.', 'sortOrder');
      out.sortOrder = input.sortOrder;
    }
    return out;
  }
}
