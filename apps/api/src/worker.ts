import 'reflect-metadata';
import { AppConfig, ConfigError } from '@vipcloud/platform';
import { createWorkerContext } from './app.factory';
import { CONFIG_FRAGMENTS } from './config-fragments';

async function main(): Promise<void> {
  const config = AppConfig.fromEnv(CONFIG_FRAGMENTS);
  if (!config.redisUrl) {
    throw new ConfigError(
      'The worker processes BullMQ queues and needs REDIS_URL. Without it, jobs run inside the API process.',
    );
  }
  await createWorkerContext(config);
  process.stdout.write('VIPCloud worker started\n');
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
