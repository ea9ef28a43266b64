/**
 * Signing this browser in and out of the hub (hub mode only). The hub answers a correct token with
 * an HttpOnly session cookie, which the WebSocket then carries; script on this page never sees it.
 */
export type SignInResult = { ok: true } | { ok: false; refused: boolean; message: string };

type Fetch = (input: string, init: RequestInit) => Promise<Response>;

export async function signIn(token: string, fetchImpl: Fetch = (i, init) => fetch(i, init)): Promise<SignInResult> {
  let response: Response;
  try {
    response = await fetchImpl('/api/session', {
      method: 'POST',
      credentials: 'same-origin',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ token: token.trim() }),
    });
  } catch {
    return { ok: false, refused: false, message: `Cannot reach the hub at ${location.host}.` };
  }
  if (response.ok) return { ok: true };
  if (response.status === 401) return { ok: false, refused: true, message: 'That is not this hub’s token.' };
  return { ok: false, refused: false, message: `The hub answered ${response.status}. Try again.` };
}

/** Ends this browser's session on the hub and clears its cookie. */
export async function signOut(fetchImpl: Fetch = (i, init) => fetch(i, init)): Promise<void> {
  const response = await fetchImpl('/api/session', { method: 'DELETE', credentials: 'same-origin' });
  if (!response.ok) throw new Error(`The hub answered ${response.status}`);
}
