import 'reflect-metadata';
import { AppConfig, ConfigError, JobQueue, JobScheduler, stopOnSignals } from '@vipcloud/platform';
import { createWorkerContext } from './app.factory';
import { CONFIG_FRAGMENTS } from './config-fragments';

async function main(): Promise<void> {
  const config = AppConfig.fromEnv(CONFIG_FRAGMENTS);
  if (!config.redisUrl) {
    throw new ConfigError(
      'The worker processes BullMQ queues and needs REDIS_URL. Without it, jobs run inside the API process.',
    );
  }
  const ctx = await createWorkerContext(config);
  process.stdout.write('VIPCloud worker started\n');
  stopOnSignals({
    graceMs: config.shutdownGraceMs,
    stop: async () => {
      // First, while every service a job uses is still open: take no new job and let the running ones finish
      // (a job still running when the deadline ends the process is retried by BullMQ after its lock expires).
      ctx.get(JobScheduler).close();
      await ctx.get(JobQueue).close();
      await ctx.close();
    },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
