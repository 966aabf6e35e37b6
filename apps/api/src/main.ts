import 'reflect-metadata';
import { gatewayConfig } from '@vipcloud/gateway';
import { AppConfig, ConfigError } from '@vipcloud/platform';
import { createApiApp } from './app.factory';
import { CONFIG_FRAGMENTS } from './config-fragments';

async function main(): Promise<void> {
  const config = AppConfig.fromEnv(CONFIG_FRAGMENTS);
  const app = await createApiApp(config);
  await app.listen(config.port, config.host);
  const mode = config.databaseUrl ? 'MySQL' : `SQLite in ${config.dataDir}`;
  process.stdout.write(
    `VIPCloud listening on http://${config.host}:${config.port} (${mode}; ${config.settings(gatewayConfig).providers.length} upstream provider(s) configured)\n`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
