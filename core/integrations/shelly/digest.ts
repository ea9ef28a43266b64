/**
 * Shelly Gen2 authentication (Shelly API docs, "Authentication"): SHA-256 digest with user
 * `admin` and the device id as realm. RPC frames (HTTP POST /rpc and WebSocket) carry an `auth`
 * object computed from the nonce of the device's 401 answer; HA2 is SHA-256("dummy_method:dummy_uri").
 */
import { createHash, randomInt } from 'node:crypto';
import { z } from 'zod';
import { parseDeviceJson } from '../../util/safe-json';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');

export interface AuthObject {
  realm: string;
  username: 'admin';
  nonce: number;
  cnonce: number;
  response: string;
  algorithm: 'SHA-256';
}

export const Challenge = z.object({ nonce: z.number().int(), realm: z.string().max(200), nc: z.number().int().optional() });
export type Challenge = z.infer<typeof Challenge>;

export function authObject(challenge: Challenge, password: string, cnonce = randomInt(1, 2 ** 31)): AuthObject {
  const ha1 = sha256(`admin:${challenge.realm}:${password}`);
  const ha2 = sha256('dummy_method:dummy_uri');
  const nc = challenge.nc ?? 1;
  const response = sha256(`${ha1}:${challenge.nonce}:${nc}:${cnonce}:auth:${ha2}`);
  return { realm: challenge.realm, username: 'admin', nonce: challenge.nonce, cnonce, response, algorithm: 'SHA-256' };
}

/** The challenge inside a 401 error frame: `error.message` is itself JSON. */
export function challengeFromError(error: unknown): Challenge | undefined {
  const message = (error as { message?: unknown } | undefined)?.message;
  if (typeof message !== 'string') return undefined;
  try {
    const parsed = Challenge.safeParse(parseDeviceJson(message));
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}
