/**
 * Where an operator command writes its result. Commands never touch `process.stdout` or
 * `process.exitCode`, so the CLI runs in-process in tests and every line ends with a newline.
 */
export abstract class CliOutput {
  /** Prints one line of the command's result; the newline is added here. */
  abstract line(text: string): void;
  /** Ends the run with this exit code once the command returns (e.g. 2: a check found a problem). */
  abstract fail(exitCode: number): void;
}

/** The real terminal: the CLI's entry point reads `exitCode` when the command is done. */
export class StreamCliOutput extends CliOutput {
  exitCode = 0;

  constructor(private readonly write: (text: string) => void = (text) => process.stdout.write(text)) {
    super();
  }

  line(text: string): void {
    this.write(`${text}\n`);
  }

  fail(exitCode: number): void {
    this.exitCode = exitCode;
  }
}
