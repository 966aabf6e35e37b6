import 'reflect-metadata';
import { AppConfig, AppError, ConfigError } from '@vipcloud/platform';
import { runCli } from './cli.runner';
import { CONFIG_FRAGMENTS } from './config-fragments';

runCli(process.argv.slice(2), AppConfig.fromEnv(CONFIG_FRAGMENTS), (line) => process.stdout.write(`${line}\n`)).catch((err: unknown) => {
  const known = err instanceof AppError || err instanceof ConfigError;
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  const isCommander = code.startsWith('commander.');
  if (!isCommander) process.stderr.write(`${known ? (err as Error).message : err instanceof Error ? err.stack : String(err)}\n`);
  process.exit(isCommander && (err as { exitCode?: number }).exitCode === 0 ? 0 : 1);
});
