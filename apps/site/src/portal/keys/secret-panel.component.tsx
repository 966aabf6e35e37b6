/**
 * The one moment a key's secret is visible: it lives in this component's props only (never in
 * storage, never in the address), and "Done" drops it. Copying falls back to selecting the text where
 * the Clipboard API is missing or refused.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import type { PortalLocale } from '../lib/portal-locale';
import { keysText } from './keys.strings';

interface Props {
  locale: PortalLocale;
  name: string;
  secret: string;
  onDone: () => void;
}

function selectContents(el: HTMLElement): void {
  const range = document.createRange();
  range.selectNodeContents(el);
  const selection = window.getSelection();
  selection?.removeAllRanges();
  selection?.addRange(range);
}

export function SecretPanel({ locale, name, secret, onDone }: Props) {
  const headingRef = useRef<HTMLHeadingElement>(null);
  const codeRef = useRef<HTMLElement>(null);
  const [copyState, setCopyState] = useState<'idle' | 'copied' | 'selected'>('idle');

  // The panel appears after the form is sent: move the reader to it, so the key is not missed.
  useEffect(() => headingRef.current?.focus(), []);

  const copy = async () => {
    try {
      if (!navigator.clipboard) throw new Error('no clipboard');
      await navigator.clipboard.writeText(secret);
      setCopyState('copied');
    } catch {
      if (codeRef.current) selectContents(codeRef.current);
      setCopyState('selected');
    }
  };

  return (
    <section class="secret-panel" aria-labelledby="secret-heading">
      <h2 id="secret-heading" tabIndex={-1} ref={headingRef}>
        {keysText(locale, 'secret.heading', { name })}
      </h2>
      <p class="secret-warning">
        <strong>{keysText(locale, 'secret.warning')}</strong>
      </p>
      <p class="secret-label">{keysText(locale, 'secret.label')}</p>
      <code class="secret-value" ref={codeRef}>
        {secret}
      </code>
      <div class="keys-actions">
        <button type="button" onClick={() => void copy()}>
          {keysText(locale, 'secret.copy')}
        </button>
        <button type="button" onClick={onDone}>
          {keysText(locale, 'secret.done')}
        </button>
      </div>
      <p class="copy-status" role="status">
        {copyState === 'copied' && keysText(locale, 'secret.copied')}
        {copyState === 'selected' && keysText(locale, 'secret.selected')}
      </p>
    </section>
  );
}
