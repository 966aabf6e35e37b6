/**
 * Writes the GraphQL schema the code defines to apps/api/schema.graphql. The file is committed so
 * every API change shows in review; a test fails when it is stale.
 *   npm run schema:write
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '@vipcloud/platform';
import { createApiApp } from '../../apps/api/src/app.factory';
import { printApiSchema, SCHEMA_FILE } from '../../apps/api/src/schema-file';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vc-schema-'));
  const app = await createApiApp(new AppConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }));
  await app.init();
  writeFileSync(SCHEMA_FILE, printApiSchema(app));
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(`Wrote ${SCHEMA_FILE}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
