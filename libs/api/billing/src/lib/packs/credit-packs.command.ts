import { CliOutput, optionRule, parseYesNoOption } from '@vipcloud/platform';
import { Command, CommandRunner, Option } from 'nest-commander';
import { formatAmount, parseAmountInput } from '../money';
import { CreditPacksService, formatPrice, parsePrice } from './credit-packs.service';

const parseCredits = optionRule((value: string) => parseAmountInput(value, 'credits'));
const parsePriceOption = optionRule(parsePrice);

@Command({ name: 'packs:list', description: 'every credit pack, on sale or not' })
export class PacksListCommand extends CommandRunner {
  constructor(
    private readonly packs: CreditPacksService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    this.out.line('id\tname\tcredits (USD)\tprice\tcurrency\ton sale');
    for (const p of await this.packs.list(true)) {
      const credits = formatAmount(p.creditsMicros);
      this.out.line(
        `${p.id}\t${p.name}\t${credits}\t${formatPrice(p.priceMinor)}\t${p.currency}\t${p.active ? 'yes' : 'no'}`,
      );
    }
  }
}

interface CreatePackOptions {
  name: string;
  credits: number;
  price: number;
  currency: string;
  processorPriceId?: string;
}

@Command({ name: 'packs:create', description: 'put a credit pack on sale' })
export class PacksCreateCommand extends CommandRunner {
  constructor(
    private readonly packs: CreditPacksService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--name <name>', description: 'shown to buyers', required: true })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--credits <usd>', description: 'credits granted, e.g. 10.00', required: true })
  parseCredits(value: string): number {
    return parseCredits(value);
  }

  @Option({ flags: '--price <amount>', description: 'price in the currency, tax exclusive, e.g. 9.99', required: true })
  parsePrice(value: string): number {
    return parsePriceOption(value);
  }

  @Option({ flags: '--currency <code>', description: 'USD or CNY', required: true })
  parseCurrency(value: string): string {
    return value;
  }

  @Option({ flags: '--processor-price-id <id>', description: 'a price in the processor’s catalog' })
  parseProcessorPriceId(value: string): string {
    return value;
  }

  override async run(_args: string[], o: CreatePackOptions): Promise<void> {
    const pack = await this.packs.create({
      name: o.name,
      creditsMicros: o.credits,
      priceMinor: o.price,
      currency: o.currency,
      processorPriceId: o.processorPriceId ?? null,
    });
    const what = `${formatAmount(pack.creditsMicros)} USD of credits for ${formatPrice(pack.priceMinor)} ${pack.currency}`;
    this.out.line(`created pack ${pack.id}: ${pack.name}, ${what}`);
  }
}

interface UpdatePackOptions {
  id: string;
  name?: string;
  credits?: number;
  price?: number;
  currency?: string;
  active?: boolean;
}

@Command({ name: 'packs:update', description: 'edit a credit pack (purchases already made keep what they bought)' })
export class PacksUpdateCommand extends CommandRunner {
  constructor(
    private readonly packs: CreditPacksService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--id <id>', description: 'the pack', required: true })
  parseId(value: string): string {
    return value;
  }

  @Option({ flags: '--name <name>', description: 'shown to buyers' })
  parseName(value: string): string {
    return value;
  }

  @Option({ flags: '--credits <usd>', description: 'credits granted, e.g. 10.00' })
  parseCredits(value: string): number {
    return parseCredits(value);
  }

  @Option({ flags: '--price <amount>', description: 'price in the currency, tax exclusive, e.g. 9.99' })
  parsePrice(value: string): number {
    return parsePriceOption(value);
  }

  @Option({ flags: '--currency <code>', description: 'USD or CNY' })
  parseCurrency(value: string): string {
    return value;
  }

  @Option({ flags: '--active <yes|no>', description: 'on sale or not' })
  parseActive(value: string): boolean {
    return parseYesNoOption(value);
  }

  override async run(_args: string[], o: UpdatePackOptions): Promise<void> {
    const pack = await this.packs.update(o.id, {
      name: o.name,
      creditsMicros: o.credits,
      priceMinor: o.price,
      currency: o.currency,
      active: o.active,
    });
    const what = `${formatAmount(pack.creditsMicros)} USD for ${formatPrice(pack.priceMinor)} ${pack.currency}`;
    this.out.line(`updated pack ${pack.id}: ${pack.name}, ${what}, ${pack.active ? 'on sale' : 'not on sale'}`);
  }
}
