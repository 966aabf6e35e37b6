import { escapeHtml } from './html.util';
import { renderLowBalance } from './low-balance.template';

describe('renderLowBalance', () => {
  const email = renderLowBalance({
    balanceMicros: 4_329_999,
    thresholdMicros: 5_000_000,
    publicUrl: 'https://vipcloud.example',
  });

  it('names the threshold in the subject', () => {
    expect(email.subject).toBe('Your VIPCloud balance is below $5.00');
  });

  it('states the balance rounded down and the threshold in both parts', () => {
    for (const part of [email.text, email.html]) {
      expect(part).toContain('$4.32');
      expect(part).toContain('$5.00');
      expect(part).not.toContain('$4.33');
    }
  });

  it('links to the billing page of the portal', () => {
    expect(email.text).toContain('https://vipcloud.example/portal/credits');
    expect(email.html).toContain('<a href="https://vipcloud.example/portal/credits">');
  });

  it('escapes what it puts into HTML', () => {
    const odd = renderLowBalance({
      balanceMicros: 0,
      thresholdMicros: 1_000_000,
      publicUrl: 'https://x.example/?a=1&b="2"',
    });
    expect(odd.html).toContain('href="https://x.example/?a=1&amp;b=&quot;2&quot;/portal/credits"');
    expect(odd.html).not.toContain('"2"');
    expect(odd.text).toContain('https://x.example/?a=1&b="2"/portal/credits');
  });

  it('is a pure function of its input', () => {
    expect(
      renderLowBalance({ balanceMicros: 4_329_999, thresholdMicros: 5_000_000, publicUrl: 'https://vipcloud.example' }),
    ).toEqual(email);
  });
});

describe('escapeHtml', () => {
  it('escapes the five special characters', () => {
    expect(escapeHtml(`<a href="x">Tom & Jerry's</a>`)).toBe(
      '&lt;a href=&quot;x&quot;&gt;Tom &amp; Jerry&#39;s&lt;/a&gt;',
    );
  });
});
