import 'reflect-metadata';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { gatewayConfig } from '@vipcloud/gateway';
import { Logger } from '@nestjs/common';
import { AppConfig, ConfigError, HttpDrain, stopOnSignals } from '@vipcloud/platform';
import { createApiApp } from './app.factory';
import { CONFIG_FRAGMENTS } from './config-fragments';

/** Where a person reaches a server bound to every interface (or to one address). */
function browsableOrigin(host: string, port: number): string {
  const name = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  return `http://${name}:${port}`;
}

/**
 * The start-up lines. The first is the one scripts wait for (`listening on http://host:port`, with the port
 * actually bound, so PORT=0 works); a fresh clone with no provider also learns how to get one.
 */
export function startupMessage(config: AppConfig, port: number): string {
  const mode = config.databaseUrl ? 'MySQL' : `SQLite in ${config.dataDir}`;
  const providers = config.settings(gatewayConfig).providers.length;
  const origin = browsableOrigin(config.host, port);
  const lines = [
    `VIPCloud listening on http://${config.host}:${port} (${mode}; ${providers} upstream provider(s) configured)`,
    `Site: ${origin}/   API: ${origin}/v1   GraphQL: ${origin}/graphql`,
  ];
  if (providers === 0) {
    lines.push(
      'No upstream provider configured, so /v1 has no model to offer: set DEEPSEEK_API_KEY (and the other ' +
        '<PROVIDER>_API_KEY variables, see "Configuration" in the README), or run `npm run demo` to try ' +
        'VIPCloud with local fake providers, a demo account and a key.',
    );
  }
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const config = AppConfig.fromEnv(CONFIG_FRAGMENTS);
  const app = await createApiApp(config);
  const server = app.getHttpServer() as Server;
  // Before listening, so that every request is known to the drain.
  const http = new HttpDrain(server);
  await app.listen(config.port, config.host);
  const { port } = server.address() as AddressInfo;
  process.stdout.write(startupMessage(config, port));
  stopOnSignals({
    graceMs: config.shutdownGraceMs,
    stop: async () => {
      const logger = new Logger('Shutdown');
      logger.log(`refusing new connections; ${http.inFlight} open request(s) get up to ${config.shutdownGraceMs} ms`);
      const { served, cut } = await http.drain(config.shutdownGraceMs);
      logger.log(
        cut > 0
          ? `closed ${cut} of ${served} request(s) still open at the deadline`
          : `all ${served} open request(s) finished`,
      );
      // Every shutdown hook: request rows and settlements are flushed, then the database and Redis close.
      await app.close();
    },
  });
}

main().catch((err: unknown) => {
  process.stderr.write(
    `${err instanceof ConfigError ? err.message : err instanceof Error ? err.stack : String(err)}\n`,
  );
  process.exit(1);
});
