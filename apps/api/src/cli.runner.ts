import { INestApplicationContext } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { ACCOUNTS_COMMANDS } from '@vipcloud/accounts';
import { BILLING_COMMANDS } from '@vipcloud/billing';
import { GATEWAY_COMMANDS } from '@vipcloud/gateway';
import { RATE_LIMITS_COMMANDS } from '@vipcloud/rate-limits';
import { LEGAL_COMMANDS } from '@vipcloud/legal';
import {
  AppConfig,
  AppError,
  buildCommandProgram,
  CommandProgram,
  ConfigError,
  StreamCliOutput,
} from '@vipcloud/platform';
import { Command, Help, Option } from 'commander';
import { AppModule } from './app.module';

export const CLI_NAME = 'vipcloud';

/** Where the CLI writes. Every write is whole lines, each ending with a newline. */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
}

/** The command line broke a rule (unknown command or option, a missing or invalid value). */
export class CliUsageError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'CliUsageError';
  }
}

interface CommanderFailure {
  code: string;
  exitCode: number;
  message: string;
}

function isCommanderFailure(err: unknown): err is CommanderFailure {
  return (
    typeof err === 'object' &&
    err !== null &&
    'code' in err &&
    String((err as { code: unknown }).code).startsWith('commander.')
  );
}

/**
 * Every lib's operator commands, the providers of the `*CommandsModule`s the `cli` role composes.
 * Help and the command line's rules are answered from their decorators alone (see
 * buildCommandProgram): `--help` or a typo must not need a reachable database, nor apply its pending
 * migrations, nor a valid environment. Booting a context with a database-less stub instead would
 * still construct every service and need a stub per infrastructure provider; the decorators already
 * hold everything commander needs.
 */
const CLI_COMMANDS = [
  ...ACCOUNTS_COMMANDS,
  ...BILLING_COMMANDS,
  ...GATEWAY_COMMANDS,
  ...RATE_LIMITS_COMMANDS,
  ...LEGAL_COMMANDS,
];

/** `keys:create --account <id-or-email> [--name <name>]`: how a command is called, as the README's table writes it. */
export function commandSynopsis(cmd: Command): string {
  const parts = [cmd.name()];
  for (const a of cmd.registeredArguments) parts.push(a.required ? `<${a.name()}>` : `[${a.name()}]`);
  for (const o of cmd.options) parts.push(o.mandatory ? o.flags : `[${o.flags}]`);
  return parts.join(' ');
}

function optionDescription(o: Option): string {
  const extra = o.defaultValue === undefined ? '' : ` (default: ${JSON.stringify(o.defaultValue)})`;
  return `${o.description ?? ''}${extra}`;
}

/** The root help: every command with its description, arguments and options, so one page is the reference. */
function formatRootHelp(program: Command): string {
  const lines = [
    `Usage: ${CLI_NAME} <command> [options]`,
    '',
    'VIPCloud operator CLI. Each command runs once against the database configured in the environment',
    '(DATABASE_URL, or the SQLite file in DATA_DIR); no HTTP server, GraphQL or scheduled job starts.',
    '',
    'Commands:',
  ];
  for (const cmd of program.commands) {
    lines.push('', `  ${commandSynopsis(cmd)}`, `      ${cmd.description()}`);
    const terms: Array<[string, string]> = [
      ...cmd.registeredArguments.map((a): [string, string] => [`<${a.name()}>`, a.description]),
      ...cmd.options.map((o): [string, string] => [o.flags, optionDescription(o)]),
    ];
    const width = Math.max(0, ...terms.map(([t]) => t.length));
    for (const [term, text] of terms) lines.push(`        ${term.padEnd(width)}  ${text}`.trimEnd());
  }
  lines.push(
    '',
    `Run '${CLI_NAME} <command> --help' for one command. Exit codes: 0 done, 1 refused or failed, 2 drift found.`,
  );
  return `${lines.join('\n')}\n`;
}

interface BootedCli {
  app: INestApplicationContext;
  program: Command;
  output: StreamCliOutput;
}

/** The root program with every command, writing to `io`; nothing runs until a command is chosen. */
export function buildCliProgram(io: CliIo): CommandProgram {
  const root = new Command(CLI_NAME).description('VIPCloud operator CLI').usage('<command> [options]');
  const built = buildCommandProgram(root, CLI_COMMANDS);
  root.configureHelp({ formatHelp: (cmd: Command, _helper: Help) => formatRootHelp(cmd) });
  for (const cmd of [root, ...root.commands]) {
    // Errors are printed once, by the caller, from the error itself.
    cmd.configureOutput({ writeOut: io.stdout, writeErr: io.stderr, outputError: () => undefined });
    // Throw instead of exiting the process, and refuse stray words instead of ignoring them.
    cmd.exitOverride().allowExcessArguments(false);
    const synopsis = commandSynopsis(cmd).slice(cmd.name().length + 1);
    if (cmd !== root && synopsis) cmd.usage(synopsis);
  }
  return built;
}

/**
 * Boots the operator CLI's application context: every lib's commands and no HTTP, GraphQL, timers
 * or queue consumers (the `cli` role). This connects to the database. The caller closes `app`.
 */
export async function bootCli(config: AppConfig, io: CliIo): Promise<BootedCli> {
  const output = new StreamCliOutput((text) => io.stdout(text));
  const app = await NestFactory.createApplicationContext(AppModule.forRoot(config, 'cli', { cliOutput: output }), {
    logger: false,
    abortOnError: false,
  });
  return { app, program: buildCliProgram(io).program, output };
}

/**
 * Runs one operator command and resolves with its exit code (0, or what the command chose, e.g. 2
 * for drift; help is 0). A broken rule rejects with a `CliUsageError`, a refused request with the
 * service's `AppError`, so callers (and tests) see which rule was broken. Help and broken rules are
 * answered before the configuration is read or the context booted; only a command that runs does.
 */
export async function executeCli(argv: string[], config: AppConfig | (() => AppConfig), io: CliIo): Promise<number> {
  const { program, parsed } = buildCliProgram(io);
  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (err) {
    if (!isCommanderFailure(err)) throw err;
    // Help (asked for, or shown because no command was given) has been printed already.
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.help' || err.code === 'commander.version') {
      return err.exitCode;
    }
    throw new CliUsageError(err.message.replace(/^error: /, ''), err.exitCode || 1);
  }
  const chosen = parsed();
  if (!chosen) return 0;
  const cli = await bootCli(typeof config === 'function' ? config() : config, io);
  try {
    // Not `setCommand`: it is typed for nest-commander's own copy of commander, and no command reads it.
    await cli.app.get(chosen.type).run(chosen.args, chosen.options);
  } finally {
    await cli.app.close();
  }
  return cli.output.exitCode;
}

function lines(print: (line: string) => void): (text: string) => void {
  return (text) => text.replace(/\n$/, '').split('\n').forEach(print);
}

/** The in-process entry for tests and scripts: `print` receives each line of the output without its newline. */
export function runCli(
  argv: string[],
  config: AppConfig,
  print: (line: string) => void,
  printError: (line: string) => void = () => undefined,
): Promise<number> {
  return executeCli(argv, config, { stdout: lines(print), stderr: lines(printError) });
}

/** What the operator reads when a command fails: the rule or the refusal, never a stack trace for either. */
export function describeFailure(err: unknown): string {
  if (err instanceof CliUsageError)
    return `error: ${err.message}\nRun '${CLI_NAME} --help' for every command and its options.\n`;
  if (err instanceof AppError || err instanceof ConfigError) return `error: ${err.message}\n`;
  // Anything else is a fault (a database that cannot be reached, a bug): its stack helps whoever fixes it.
  return `error: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`;
}

/** The process entry (`cli.ts`): never throws, resolves with the exit code. */
export async function cliMain(argv: string[], loadConfig: () => AppConfig, io: CliIo): Promise<number> {
  try {
    // The configuration is read only when a command runs: help and broken rules need none.
    return await executeCli(argv, loadConfig, io);
  } catch (err) {
    io.stderr(describeFailure(err));
    return err instanceof CliUsageError ? err.exitCode : 1;
  }
}
