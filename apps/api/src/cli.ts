import 'reflect-metadata';
import { AppConfig } from '@vipcloud/platform';
import { cliMain } from './cli.runner';
import { CONFIG_FRAGMENTS } from './config-fragments';

// The exit code is set, not forced: pending writes to a piped stdout finish before the process ends.
void cliMain(process.argv.slice(2), () => AppConfig.fromEnv(CONFIG_FRAGMENTS), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
}).then((code) => {
  process.exitCode = code;
});
