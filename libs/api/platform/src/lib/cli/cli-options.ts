import { InvalidArgumentError } from 'commander';

/**
 * Option parsers for `@Option` methods: a bad value stops the command before it runs, and the
 * CLI reports it as "option '--x <v>' argument 'y' is invalid. <the rule>".
 */
export function parseDateOption(value: string): Date {
  const date = new Date(value);
  // Date.parse accepts bare numbers ("5" is a year); an operator's date always has a dash.
  if (!value.includes('-') || Number.isNaN(date.getTime())) {
    throw new InvalidArgumentError(`'${value}' is not a date; use ISO 8601, e.g. 2027-01-31T00:00:00Z.`);
  }
  return date;
}

export function parseChoiceOption<T extends string>(value: string, choices: readonly T[], what = 'The value'): T {
  const found = choices.find((c) => c === value);
  if (found === undefined) throw new InvalidArgumentError(`${what} must be one of ${choices.join(', ')}.`);
  return found;
}

/** `yes`/`no` flags that take a value, so `--active no` reads as what it does. */
export function parseYesNoOption(value: string): boolean {
  return parseChoiceOption(value, ['yes', 'no'] as const) === 'yes';
}

/** Turns a service's validation error into an option error, keeping its message. */
export function optionRule<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (err) {
      throw new InvalidArgumentError(err instanceof Error ? err.message : String(err));
    }
  };
}
