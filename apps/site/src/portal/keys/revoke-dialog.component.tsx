/**
 * Asks before a key is revoked: a native modal <dialog> (focus moves into it and is held there,
 * Escape closes it), which gives focus back to the button that opened it when it closes unchanged.
 */
import { useEffect, useRef, useState } from 'preact/hooks';
import { graphql } from '../graphql/generated';
import { describeError, request } from '../graphql/graphql-client';
import type { PortalLocale } from '../lib/portal-locale';
import { keysText } from './keys.strings';

const KeysRevoke = graphql(`
  mutation KeysRevoke($id: ID!) {
    revokeApiKey(id: $id) {
      id
      revokedAt
    }
  }
`);

interface Props {
  locale: PortalLocale;
  keyId: string;
  name: string;
  /** Called once the dialog has closed: with the revocation time, or null when nothing changed. */
  onClosed: (revokedAt: string | null) => void;
}

export function RevokeDialog({ locale, keyId, name, onClosed }: Props) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const revokedAt = useRef<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    const dialog = dialogRef.current;
    if (!dialog) return;
    dialog.showModal();
    // The safe choice first: Enter or Space on the focused button only closes the question.
    cancelRef.current?.focus();
    return () => {
      if (dialog.open) dialog.close();
    };
  }, []);

  const revoke = async () => {
    setBusy(true);
    setError(null);
    try {
      const { revokeApiKey } = await request(locale, KeysRevoke, { id: keyId });
      revokedAt.current = revokeApiKey.revokedAt ?? new Date().toISOString();
      dialogRef.current?.close();
    } catch (err) {
      setError(describeError(locale, err));
      setBusy(false);
    }
  };

  return (
    <dialog
      ref={dialogRef}
      class="keys-dialog"
      aria-labelledby="revoke-heading"
      aria-describedby="revoke-body"
      onClose={() => onClosed(revokedAt.current)}
    >
      <h2 id="revoke-heading">{keysText(locale, 'revoke.heading', { name })}</h2>
      <p id="revoke-body">{keysText(locale, 'revoke.body')}</p>
      {error && (
        <p class="portal-error" role="alert">
          {error}
        </p>
      )}
      <div class="keys-actions">
        <button type="button" class="danger" disabled={busy} onClick={() => void revoke()}>
          {busy ? keysText(locale, 'revoke.working') : keysText(locale, 'revoke.confirm')}
        </button>
        <button type="button" ref={cancelRef} onClick={() => dialogRef.current?.close()}>
          {keysText(locale, 'revoke.cancel')}
        </button>
      </div>
    </dialog>
  );
}
