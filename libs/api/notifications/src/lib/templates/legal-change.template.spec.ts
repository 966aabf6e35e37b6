import { renderLegalChange } from './legal-change.template';

describe('renderLegalChange', () => {
  const input = {
    document: 'privacy' as const,
    version: '2026-11-28',
    effective: '2026-11-28',
    summary: 'Adds what sessions keep & how long.',
    publicUrl: 'https://vipcloud.example',
  };
  const email = renderLegalChange(input);

  it('names the document in the subject', () => {
    expect(email.subject).toBe('We have updated our Privacy Policy');
    expect(renderLegalChange({ ...input, document: 'terms' }).subject).toBe('We have updated our Terms of Service');
  });

  it('links to what changed and states the summary in both parts', () => {
    expect(email.text).toContain('https://vipcloud.example/legal/privacy/2026-11-28/changes');
    expect(email.text).toContain('Adds what sessions keep & how long.');
    expect(email.html).toContain('<a href="https://vipcloud.example/legal/privacy/2026-11-28/changes">');
    expect(email.html).toContain('Adds what sessions keep &amp; how long.');
  });

  it('asks for acceptance of the Terms only, and says the keys keep working', () => {
    expect(email.text).not.toContain('accept');
    expect(renderLegalChange({ ...input, document: 'terms' }).text).toContain('Your API keys keep working.');
  });
});
