/**
 * Shelly RPC over HTTP (`POST /rpc` with a JSON-RPC frame). With authentication enabled the
 * first call answers 401 with a challenge; the call is repeated once with the `auth` object.
 */
import { randomBytes } from 'node:crypto';
import { DeviceUnreachableError, httpJson, urlHost } from '../lan/http';
import { authObject, challengeFromError, type Challenge } from './digest';

export class ShellyAuthError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShellyAuthError';
  }
}

export class ShellyRpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
    this.name = 'ShellyRpcError';
  }
}

export class ShellyRpcClient {
  /** Our `src`: the device addresses notifications to it. */
  readonly src = `homeroom-${randomBytes(4).toString('hex')}`;
  private challenge: Challenge | undefined;
  private seq = 0;

  constructor(
    public address: { host: string; port: number },
    private readonly password: () => string | undefined,
    private readonly timeoutMs?: number,
  ) {}

  get baseUrl(): string {
    return `http://${urlHost(this.address.host, this.address.port)}`;
  }

  /** The next frame for `method`, with an auth object when a challenge is known. */
  frame(method: string, params?: Record<string, unknown>): Record<string, unknown> {
    const password = this.password();
    return {
      id: ++this.seq,
      src: this.src,
      method,
      ...(params ? { params } : {}),
      ...(this.challenge && password !== undefined ? { auth: authObject(this.challenge, password) } : {}),
    };
  }

  /** Remembers a 401's challenge; false when there is no password to answer it with. */
  learnChallenge(error: unknown): boolean {
    const challenge = challengeFromError(error);
    if (challenge) this.challenge = challenge;
    return challenge !== undefined && this.password() !== undefined;
  }

  async call(method: string, params?: Record<string, unknown>): Promise<unknown> {
    for (let attempt = 0; ; attempt++) {
      const { status, body } = await httpJson(`${this.baseUrl}/rpc`, {
        method: 'POST',
        body: this.frame(method, params),
        timeoutMs: this.timeoutMs,
      });
      const frame = (body ?? {}) as { result?: unknown; error?: { code?: number; message?: string } };
      if (status === 401 || frame.error?.code === 401) {
        if (attempt === 0 && this.learnChallenge(frame.error)) continue;
        throw new ShellyAuthError(this.password() === undefined ? 'asks for a password' : 'did not accept the password');
      }
      if (frame.error)
        throw new ShellyRpcError(
          frame.error.code ?? -1,
          `${method} failed: ${String(frame.error.message ?? 'error').slice(0, 200)}`,
        );
      if (status !== 200) throw new DeviceUnreachableError(`answered ${method} with HTTP ${status}`);
      return frame.result;
    }
  }
}
