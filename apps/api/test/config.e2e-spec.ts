/** The processes' configuration: every lib's settings validated at once, and the README's table kept true. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppConfig, ConfigError } from '@vipcloud/platform';
import { CONFIG_FRAGMENTS } from '../src/config-fragments';

describe('configuration', () => {
  it("stops start-up with every lib's problems listed at once", () => {
    let error: unknown;
    try {
      new AppConfig(
        {
          PORT: 'x',
          HOLD_TTL_MS: '0',
          UPSTREAM_IDLE_TIMEOUT_MS: 'soon',
          SMTP_URL: 'http://mail',
          SECURITY_CONTACT: 'security at vipcloud',
        },
        CONFIG_FRAGMENTS,
      );
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    for (const name of ['PORT', 'HOLD_TTL_MS', 'UPSTREAM_IDLE_TIMEOUT_MS', 'SMTP_URL', 'SECURITY_CONTACT'])
      expect((error as Error).message).toContain(name);
  });

  it('documents every setting in the README, and documents none that does not exist', () => {
    const declared = new Set(AppConfig.variableNames(CONFIG_FRAGMENTS));
    const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
    const section = readme.slice(
      readme.indexOf('## Configuration'),
      readme.indexOf('\n## ', readme.indexOf('## Configuration') + 1),
    );
    // First column of each table row; provider and sign-in variables are named after their provider.
    const documented = new Set(
      section
        .split('\n')
        .filter((l) => l.startsWith('| `'))
        .flatMap((l) => [...l.split('|')[1].matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]))
        .filter(
          (v) =>
            !/^(GITHUB|GOOGLE|DEEPSEEK|MOONSHOT|MOONSHOT_CN|ZHIPU|ZAI|MINIMAX|MINIMAX_CN|OPENAI_COMPATIBLE)_/.test(v),
        ),
    );
    expect([...declared].filter((v) => !documented.has(v)).sort()).toEqual([]);
    expect([...documented].filter((v) => !declared.has(v)).sort()).toEqual([]);
  });
});
