import { formatAmount } from '@vipcloud/billing';
import { CliOutput } from '@vipcloud/platform';
import { Command, CommandRunner, Option } from 'nest-commander';
import { ModelPricesService } from './model-prices.service';

@Command({
  name: 'prices:list',
  description: 'every catalog model’s price for new requests, USD per 1M tokens (* = set by an operator)',
})
export class PricesListCommand extends CommandRunner {
  constructor(
    private readonly prices: ModelPricesService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  override async run(): Promise<void> {
    this.out.line('model\tinput\tcached input\toutput\tset by');
    for (const p of await this.prices.list()) {
      const usd = [p.price.input, p.price.cachedInput, p.price.output].map(formatAmount).join('\t');
      const by = p.override ? `* ${p.override.updatedBy} ${p.override.updatedAt.toISOString()}` : 'catalog';
      this.out.line(`${p.model}\t${usd}\t${by}`);
    }
  }
}

interface SetPriceOptions {
  model: string;
  input: string;
  cachedInput: string;
  output: string;
}

@Command({
  name: 'prices:set',
  description: 'set a catalog model’s price for requests that start from now on (running ones keep theirs)',
})
export class PricesSetCommand extends CommandRunner {
  constructor(
    private readonly prices: ModelPricesService,
    private readonly out: CliOutput,
  ) {
    super();
  }

  @Option({ flags: '--model <id>', description: 'a model id from the catalog', required: true })
  parseModel(value: string): string {
    return value;
  }

  // Amounts stay text here: the service parses them exactly (no float) and names the field at fault.
  @Option({
    flags: '--input <usd>',
    description: 'USD per 1M uncached input tokens, e.g. 0.30 (up to 6 decimals)',
    required: true,
  })
  parseInput(value: string): string {
    return value;
  }

  @Option({
    flags: '--cached-input <usd>',
    description: 'USD per 1M cached input tokens, at most the input price',
    required: true,
  })
  parseCachedInput(value: string): string {
    return value;
  }

  @Option({ flags: '--output <usd>', description: 'USD per 1M output tokens', required: true })
  parseOutput(value: string): string {
    return value;
  }

  override async run(_args: string[], o: SetPriceOptions): Promise<void> {
    const p = await this.prices.setUsd(
      o.model,
      { input: o.input, cachedInput: o.cachedInput, output: o.output },
      'cli',
    );
    const { input, cachedInput, output } = p.price;
    const usd = `input ${formatAmount(input)}, cached input ${formatAmount(cachedInput)}, output ${formatAmount(output)}`;
    this.out.line(`${p.model}: ${usd} USD per 1M tokens, for new requests`);
  }
}
