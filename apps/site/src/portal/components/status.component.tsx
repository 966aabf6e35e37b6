/** The portal's loading and error lines: announced to screen readers, styled in portal.css. */
import type { ComponentChildren } from 'preact';

export function Status({ children }: { children: ComponentChildren }) {
  return (
    <p class="portal-status" role="status">
      {children}
    </p>
  );
}

interface ErrorProps {
  message: string;
  retryLabel?: string;
  onRetry?: () => void;
}

export function ErrorMessage({ message, retryLabel, onRetry }: ErrorProps) {
  return (
    <div class="portal-error" role="alert">
      <p>{message}</p>
      {onRetry && retryLabel && (
        <button type="button" onClick={onRetry}>
          {retryLabel}
        </button>
      )}
    </div>
  );
}
