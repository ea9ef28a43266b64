/**
 * Link-button pairing (Hue developer docs, "Getting started"): `POST /api` with a devicetype is
 * answered with error 101 until someone presses the bridge's button, then with a `username`, the
 * application key. We keep asking once a second for the length of the button's window.
 */
import type { Clock } from '../../util/clock';
import { pinnedRequest, type PinnedTarget } from './pinned-tls';

export type PairOutcome = { ok: true; appKey: string; fingerprint: string } | { ok: false; message: string };

const Answer = (body: unknown) =>
  Array.isArray(body)
    ? (body[0] as { success?: { username?: unknown }; error?: { type?: unknown; description?: unknown } })
    : undefined;

export async function pairWithBridge(
  target: PinnedTarget,
  options: { clock: Clock; windowMs: number; intervalMs?: number },
): Promise<PairOutcome> {
  const { clock } = options;
  const deadline = clock.now() + options.windowMs;
  for (;;) {
    let answer: ReturnType<typeof Answer>;
    let fingerprint: string;
    try {
      const response = await pinnedRequest(target, {
        method: 'POST',
        path: '/api',
        body: { devicetype: 'homeroom#hub', generateclientkey: true },
      });
      answer = Answer(response.body);
      fingerprint = response.fingerprint;
    } catch (error) {
      return { ok: false, message: `The Hue bridge at ${target.host} ${error instanceof Error ? error.message : String(error)}` };
    }
    const username = answer?.success?.username;
    if (typeof username === 'string' && /^[\w-]{10,100}$/.test(username)) return { ok: true, appKey: username, fingerprint };
    if (answer?.error?.type !== 101) {
      return {
        ok: false,
        message: `The Hue bridge refused pairing: ${String(answer?.error?.description ?? 'unexpected answer').slice(0, 200)}`,
      };
    }
    if (clock.now() + (options.intervalMs ?? 1000) > deadline) {
      const seconds = Math.round(options.windowMs / 1000);
      return {
        ok: false,
        message: `The link button was not pressed. Press the round button on top of the Hue bridge, then click Pair within ${seconds} seconds.`,
      };
    }
    await new Promise<void>((resolve) => clock.setTimeout(resolve, options.intervalMs ?? 1000));
  }
}
