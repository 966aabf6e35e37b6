/**
 * The navigation's "Sign out" button: ends this browser's session (POST /auth/logout, which also
 * clears the cookie) and goes to the home page. A plain form cannot do it: the route answers 204.
 */
export function wireSignOut(): void {
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-sign-out]')) {
    button.addEventListener('click', async () => {
      button.disabled = true;
      try {
        await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
      } finally {
        location.assign(button.dataset['signedOutHref'] ?? '/');
      }
    });
  }
}
