/**
 * A device whose push channel (a WLED's WebSocket, a Hue bridge's eventstream) is unavailable is
 * polled instead, and the push channel is tried again in the background with backoff; once it
 * opens, polling stops. One Connection for the session: it ends when a poll fails (the device stopped
 * answering) or when the push channel that replaced polling drops.
 */
import { nextDelay } from '../../util/backoff';
import type { Clock, Timer } from '../../util/clock';
import { closeSignal, type Connection } from './session';

export interface PushFallbackOptions {
  clock: Clock;
  pollMs: number;
  /** First delay before push is tried again (doubling up to maxRetryMs). */
  pushRetryBaseMs: number;
  maxRetryMs?: number;
  /** Reads the state once; rejects (with the reason) when the device does not answer. */
  poll(): Promise<void>;
  openPush(): Promise<Connection>;
  /** Polled (true) or pushed again (false): the device says "updates every N s" while polled. */
  polled(polled: boolean): void;
}

export function pollUntilPush(options: PushFallbackOptions): Connection {
  const { clock } = options;
  const { closed, end } = closeSignal();
  let stopped = false;
  let attempt = 0;
  let pollTimer: Timer | undefined;
  let pushTimer: Timer | undefined;
  let push: Connection | undefined;
  const finish = (reason: string) => {
    if (stopped) return;
    stopped = true;
    if (pollTimer !== undefined) clock.clearTimeout(pollTimer);
    if (pushTimer !== undefined) clock.clearTimeout(pushTimer);
    push?.close();
    end(reason);
  };
  const pollOnce = async () => {
    pollTimer = undefined;
    try {
      await options.poll();
    } catch (error) {
      return finish(error instanceof Error ? error.message : String(error));
    }
    if (!stopped && !push) pollTimer = clock.setTimeout(() => void pollOnce(), options.pollMs);
  };
  const retryPush = () => {
    const delay = nextDelay(attempt++, {
      baseMs: options.pushRetryBaseMs,
      maxMs: options.maxRetryMs ?? 5 * 60_000,
      random: () => 0.5 + Math.random() / 2,
    });
    pushTimer = clock.setTimeout(() => void tryPush(), delay);
  };
  const tryPush = async () => {
    pushTimer = undefined;
    let channel: Connection;
    try {
      channel = await options.openPush();
    } catch {
      if (!stopped) retryPush();
      return;
    }
    if (stopped) return channel.close();
    push = channel;
    if (pollTimer !== undefined) clock.clearTimeout(pollTimer);
    pollTimer = undefined;
    options.polled(false);
    finish(await channel.closed);
  };
  options.polled(true);
  pollTimer = clock.setTimeout(() => void pollOnce(), options.pollMs);
  retryPush();
  return { closed, close: () => finish('closed') };
}
