import type { HubProcess } from './hub-process';

/** One HubApi call over REST, as a script would make it: its status and its JSON answer. */
export async function callHub<T>(
  hub: HubProcess,
  method: string,
  path: string,
  body?: unknown,
  token: string = hub.token,
): Promise<{ status: number; body: T }> {
  const response = await fetch(`${hub.url}api/${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as T };
}
