/**
 * Ends this browser's session (POST /auth/logout, which also clears the cookie) and goes on to `next`
 * whatever the answer: a session the server no longer knows is signed out all the same.
 */
export async function signOutHere(next: string): Promise<void> {
  try {
    await fetch('/auth/logout', { method: 'POST', credentials: 'same-origin' });
  } finally {
    location.assign(next);
  }
}
