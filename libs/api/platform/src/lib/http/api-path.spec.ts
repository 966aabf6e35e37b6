import { isApiUrl } from './api-path';

describe('isApiUrl', () => {
  it('matches /v1 and what is under it, in any case, with or without a query', () => {
    for (const url of ['/v1', '/v1/', '/v1/chat/completions', '/V1/models', '/v1?x=1'])
      expect(isApiUrl(url)).toBe(true);
  });

  it('leaves every other path alone', () => {
    for (const url of ['/', '/v', '/v10', '/v1x/models', '/graphql', '/healthz', '/docs/v1', 'v1/models', ''])
      expect(isApiUrl(url)).toBe(false);
  });
});
