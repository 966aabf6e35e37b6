/**
 * A yes/no question in a native modal <dialog>: the browser keeps focus inside it and closes it on
 * Escape. Focus goes to the safe answer first, and back to the button that opened it afterwards.
 */
import { useEffect, useRef } from 'preact/hooks';
import { ErrorMessage } from '../components/status.component';

interface Props {
  open: boolean;
  title: string;
  text: string;
  confirmLabel: string;
  cancelLabel: string;
  busy: boolean;
  error: string | null;
  onConfirm: () => void;
  onCancel: () => void;
  /** Where focus goes when the button that opened the dialog is gone (its row was removed). */
  fallbackFocus?: { current: HTMLElement | null };
}

export function ConfirmDialog(props: Props) {
  const { open, title, text, confirmLabel, cancelLabel, busy, error, onConfirm, onCancel, fallbackFocus } = props;
  const dialog = useRef<HTMLDialogElement>(null);
  const opener = useRef<Element | null>(null);

  useEffect(() => {
    const el = dialog.current;
    if (!el) return;
    if (open && !el.open) {
      opener.current = document.activeElement;
      el.showModal();
    } else if (!open && el.open) {
      el.close();
    }
  }, [open]);

  const onClose = () => {
    const back = opener.current;
    opener.current = null;
    if (back instanceof HTMLElement && back.isConnected) back.focus();
    else fallbackFocus?.current?.focus();
  };

  return (
    <dialog
      ref={dialog}
      class="confirm-dialog"
      aria-labelledby="confirm-dialog-title"
      aria-describedby="confirm-dialog-text"
      onCancel={(event) => {
        event.preventDefault();
        if (!busy) onCancel();
      }}
      onClose={onClose}
    >
      <h2 id="confirm-dialog-title">{title}</h2>
      <p id="confirm-dialog-text">{text}</p>
      {error && <ErrorMessage message={error} />}
      <div class="confirm-dialog-actions">
        <button type="button" class="danger" disabled={busy} onClick={onConfirm}>
          {confirmLabel}
        </button>
        {/* autofocus: the dialog opens on the answer that changes nothing. */}
        <button type="button" autoFocus disabled={busy} onClick={onCancel}>
          {cancelLabel}
        </button>
      </div>
    </dialog>
  );
}
