/**
 * Writes the GraphQL schema the code defines to apps/api/schema.graphql. The file is committed so
 * every API change shows in review; a test fails when it is stale.
 *   npm run schema:write
 */
import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeLegalManifest } from '@vipcloud/legal/testing';
import { AppConfig } from '@vipcloud/platform';
import { createApiApp } from '../../apps/api/src/app.factory';
import { printApiSchema, SCHEMA_FILE } from '../../apps/api/src/schema-file';

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'vc-schema-'));
  // The schema does not depend on the legal documents: a stand-in manifest spares building the site.
  const manifest = writeLegalManifest();
  const app = await createApiApp(new AppConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent', LEGAL_MANIFEST_PATH: manifest }));
  await app.init();
  writeFileSync(SCHEMA_FILE, printApiSchema(app));
  await app.close();
  rmSync(dir, { recursive: true, force: true });
  rmSync(dirname(manifest), { recursive: true, force: true });
  process.stdout.write(`Wrote ${SCHEMA_FILE}\n`);
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(1);
});
