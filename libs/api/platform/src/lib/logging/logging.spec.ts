import { isNestWiringLine, prettyLogLine } from './logging';

describe('prettyLogLine', () => {
  it("shows a request's access line as method, path, status and duration", () => {
    const line = prettyLogLine(
      {
        msg: 'request completed',
        req: { id: 'req_1', method: 'POST', url: '/v1/chat/completions' },
        res: { statusCode: 200 },
        responseTime: 12,
      },
      'msg',
    );
    expect(line).toBe('POST /v1/chat/completions 200 12 ms');
  });

  it("prefixes Nest's lines with their context", () => {
    expect(prettyLogLine({ msg: 'Nest application successfully started', context: 'NestApplication' }, 'msg')).toBe(
      '[NestApplication] Nest application successfully started',
    );
    expect(prettyLogLine({ msg: 'plain' }, 'msg')).toBe('plain');
  });
});

describe('isNestWiringLine', () => {
  it("leaves out Nest's per-module and per-route start-up lines, and nothing else", () => {
    expect(isNestWiringLine([{ context: 'RouterExplorer' }, 'Mapped {/v1/models, GET} route'], 30)).toBe(true);
    expect(isNestWiringLine([{ context: 'InstanceLoader' }, 'AppModule dependencies initialized'], 30)).toBe(true);
    expect(isNestWiringLine([{ context: 'NestApplication' }, 'Nest application successfully started'], 30)).toBe(false);
    expect(isNestWiringLine([{ context: 'RouterExplorer' }, 'a warning'], 40)).toBe(false);
    expect(isNestWiringLine(['plain message'], 30)).toBe(false);
  });
});
