/** The README's command table is the CLI's reference: it must name exactly the registered commands and options. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AppConfig } from '@vipcloud/platform';
import { bootCli, commandSynopsis } from '../src/cli.runner';

const README = join(__dirname, '..', '..', '..', 'README.md');

/** The first cell of each row of the "Operator CLI" table: one code span, `\|` unescaped. */
function readmeCommands(markdown: string): string[] {
  const start = markdown.indexOf('\n## Operator CLI\n');
  expect(start).toBeGreaterThanOrEqual(0);
  const end = markdown.indexOf('\n## ', start + 1);
  const section = markdown.slice(start, end < 0 ? undefined : end);
  expect(section).toContain('\n| command | what it does |\n| --- | --- |\n');
  const rows = section.split('\n').filter((line) => line.startsWith('| `'));
  return rows.map((row) => {
    const cell = /^\| `((?:[^`])+)` \| \S/.exec(row);
    if (!cell) throw new Error(`README row is not "| \`command\` | description |": ${row}`);
    return cell[1].replace(/\\\|/g, '|');
  });
}

describe('README operator CLI table', () => {
  it('lists every registered command with exactly its arguments and options', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vc-cli-readme-'));
    try {
      const cli = await bootCli(new AppConfig({ DATA_DIR: dir, LOG_LEVEL: 'silent' }), {
        stdout: () => undefined,
        stderr: () => undefined,
      });
      const registered = cli.program.commands.map((c) => commandSynopsis(c));
      await cli.app.close();
      const documented = readmeCommands(readFileSync(README, 'utf8'));
      expect(new Set(documented).size).toBe(documented.length);
      // On failure the expected rows are the registered synopses: required options bare, optional ones in brackets.
      expect([...documented].sort()).toEqual([...registered].sort());
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
