import { parseArgs } from 'node:util';
import { startFakeUpstream } from './fake-upstream.server';
import { FAKE_FLAVORS, type FakeFlavor } from './fake-upstream.types';

/** Matches the gateway's `<PREFIX>_BASE_URL` / `<PREFIX>_API_KEY` settings for each flavor. */
const ENV_PREFIXES: Readonly<Record<FakeFlavor, string>> = {
  deepseek: 'DEEPSEEK',
  moonshot: 'MOONSHOT',
  zhipu: 'ZHIPU',
  minimax: 'MINIMAX',
  openai: 'OPENAI_COMPATIBLE',
};

const USAGE =
  'Usage: node dist/tools/fake-upstream/src/cli.js --flavor <deepseek|moonshot|zhipu|minimax|openai> [--port 4010] [--keys sk-a,sk-b]';

function isFlavor(value: string): value is FakeFlavor {
  return FAKE_FLAVORS.some((flavor) => flavor === value);
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      flavor: { type: 'string', default: 'deepseek' },
      port: { type: 'string', default: '4010' },
      keys: { type: 'string', default: 'sk-fake' },
      help: { type: 'boolean', short: 'h', default: false },
    },
  });
  if (values.help) {
    console.log(USAGE);
    return;
  }
  if (!isFlavor(values.flavor)) throw new Error(`Unknown flavor "${values.flavor}". ${USAGE}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`Invalid port "${values.port}". ${USAGE}`);
  const apiKeys = values.keys
    .split(',')
    .map((key) => key.trim())
    .filter((key) => key.length > 0);

  const upstream = await startFakeUpstream({ flavor: values.flavor, port, apiKeys });
  const prefix = ENV_PREFIXES[upstream.flavor];
  console.log(`Fake ${upstream.flavor} upstream listening on ${upstream.origin}`);
  console.log(`  ${prefix}_BASE_URL=${upstream.baseUrl}`);
  console.log(`  ${prefix}_API_KEY=${apiKeys.join(',')}`);
  console.log(`Chat endpoint: ${upstream.baseUrl}/chat/completions (Ctrl+C to stop)`);

  const shutdown = (): void => {
    upstream.close().then(
      () => process.exit(0),
      (error: unknown) => {
        console.error(error);
        process.exit(1);
      },
    );
  };
  process.once('SIGINT', shutdown);
  process.once('SIGTERM', shutdown);
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
