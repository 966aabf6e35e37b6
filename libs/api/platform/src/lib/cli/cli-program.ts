import type { Type } from '@nestjs/common';
import { Command, Option } from 'commander';
import type { CommandMetadata, CommandRunner, OptionMetadata } from 'nest-commander';
// The keys nest-commander's decorators store their metadata under (its index does not re-export them).
import { CommandMeta, HelpMeta, OptionMeta } from 'nest-commander/src/constants';

export type CommandClass = Type<CommandRunner>;

/** What a parse selected, once commander has checked every rule: the command to run, with what. */
export interface ParsedCommand {
  type: CommandClass;
  command: Command;
  args: string[];
  options: Record<string, unknown>;
}

export interface CommandProgram {
  program: Command;
  /** The command the parse selected; undefined when it showed help or broke a rule. */
  parsed(): ParsedCommand | undefined;
}

/** Every `@Option` method of a command class (its own first, then inherited ones), as nest-commander scans them. */
function optionMethods(type: CommandClass): Array<[(value: string, previous: unknown) => unknown, OptionMetadata]> {
  const found: Array<[(value: string, previous: unknown) => unknown, OptionMetadata]> = [];
  const seen = new Set<string>();
  for (
    let proto: object | null = type.prototype;
    proto && proto !== Object.prototype;
    proto = Object.getPrototypeOf(proto)
  ) {
    for (const name of Object.getOwnPropertyNames(proto)) {
      if (name === 'constructor' || seen.has(name)) continue;
      seen.add(name);
      const value: unknown = Object.getOwnPropertyDescriptor(proto, name)?.value;
      if (typeof value !== 'function') continue;
      if (Reflect.getMetadata(HelpMeta, value) !== undefined) {
        throw new Error(`${type.name}.${name}: @Help is not supported by this CLI's program builder`);
      }
      const meta = Reflect.getMetadata(OptionMeta, value) as OptionMetadata | undefined;
      if (meta) found.push([value as (value: string, previous: unknown) => unknown, meta]);
    }
  }
  return found;
}

/**
 * The commander program of these nest-commander commands, built from their decorators alone, as
 * nest-commander builds it (arguments, options, defaults, parsers, choices), without a Nest context.
 * So help and every rule of the command line (unknown command or option, a missing or invalid
 * value) are answered before any service, database or queue exists; the caller boots the context
 * only for the command `parsed()` returns. Option parsers run on the class's prototype: they are
 * pure functions of the value (they may not use the instance's services).
 */
export function buildCommandProgram(root: Command, types: readonly CommandClass[]): CommandProgram {
  let parsed: ParsedCommand | undefined;
  for (const type of types) {
    const meta = Reflect.getMetadata(CommandMeta, type) as CommandMetadata | undefined;
    if (!meta) throw new Error(`${type.name} has no @Command() metadata`);
    if (meta.subCommands?.length) throw new Error(`${meta.name}: sub-commands are not supported here`);
    const cmd = new Command(meta.name);
    if (meta.allowUnknownOptions) cmd.allowUnknownOption();
    if (meta.allowExcessArgs) cmd.allowExcessArguments();
    if (meta.arguments) {
      for (const arg of meta.arguments.split(' ')) {
        const described = Object.entries(meta.argsDescription ?? {}).filter(([key]) => arg.includes(key));
        cmd.argument(arg, described.length > 0 ? described[described.length - 1][1] : '');
      }
    }
    cmd.description(meta.description ?? '');
    for (const alias of meta.aliases ?? []) cmd.alias(alias);
    const names: Record<string, string> = {};
    for (const [parse, o] of optionMethods(type)) {
      if (o.choices === true) throw new Error(`${meta.name} ${o.flags}: @OptionChoiceFor is not supported here`);
      const option = new Option(o.flags, o.description)
        .default(o.defaultValue)
        .preset(o.defaultValue)
        .makeOptionMandatory(o.required ?? false);
      if (Array.isArray(o.choices) && o.choices.length > 0) option.choices(o.choices);
      if (o.env) option.env(o.env);
      option.argParser((value: string, previous: unknown) => parse.call(type.prototype, value, previous));
      cmd.addOption(option);
      names[option.attributeName()] = o.name || option.attributeName();
    }
    cmd.action(() => {
      const options = Object.fromEntries(Object.entries(cmd.opts()).map(([k, v]) => [names[k] ?? k, v]));
      parsed = { type, command: cmd, args: cmd.args, options };
    });
    root.addCommand(cmd, meta.options);
  }
  return { program: root, parsed: () => parsed };
}
