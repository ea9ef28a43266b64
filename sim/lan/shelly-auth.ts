/**
 * Shelly Gen2 digest authentication (Shelly API docs "Authentication", RFC 7616 with
 * SHA-256): user is always `admin`, realm is the device id, HA1 = SHA-256(admin:realm:password).
 * HTTP clients answer a `WWW-Authenticate: Digest …` challenge; RPC frames carry an `auth`
 * object whose HA2 is SHA-256("dummy_method:dummy_uri").
 */
import { createHash, randomInt } from 'node:crypto';
import type { Clock } from '../../core/util/clock';

const sha256 = (s: string) => createHash('sha256').update(s).digest('hex');
const NONCE_LIFETIME_MS = 60 * 60 * 1000;
const DUMMY_HA2 = sha256('dummy_method:dummy_uri');

export interface AuthObject {
  realm?: unknown;
  username?: unknown;
  nonce?: unknown;
  cnonce?: unknown;
  response?: unknown;
  algorithm?: unknown;
  nc?: unknown;
}

export class ShellyAuth {
  private readonly ha1: string;
  /** Nonce (as a decimal string) → issue time; the device forgets them after an hour. */
  private readonly nonces = new Map<string, number>();

  constructor(
    readonly realm: string,
    password: string,
    private readonly clock: Clock,
  ) {
    this.ha1 = sha256(`admin:${realm}:${password}`);
  }

  private issueNonce(): number {
    const nonce = Math.floor(this.clock.now() / 1000) * 1000 + randomInt(1000);
    this.nonces.set(String(nonce), this.clock.now());
    return nonce;
  }

  private knownNonce(nonce: string): boolean {
    const issued = this.nonces.get(nonce);
    return issued !== undefined && this.clock.now() - issued < NONCE_LIFETIME_MS;
  }

  /** `WWW-Authenticate` header of a 401 answer over HTTP. */
  challengeHeader(): string {
    return `Digest qop="auth", realm="${this.realm}", nonce="${this.issueNonce().toString(16)}", algorithm=SHA-256`;
  }

  /** The `error.message` of a 401 RPC frame: a JSON string, spaced as the device prints it. */
  challengeMessage(): string {
    return `{"auth_type": "digest", "nonce": ${this.issueNonce()}, "nc": 1, "realm": "${this.realm}", "algorithm": "SHA-256"}`;
  }

  /** Checks an `Authorization: Digest …` header (HA2 over method:uri, or the dummy HA2 some clients send). */
  verifyHeader(header: string | undefined, method: string): boolean {
    if (!header?.startsWith('Digest ')) return false;
    const f = parseDigestFields(header.slice(7));
    const nonceHex = f.nonce ?? '';
    if (f.username !== 'admin' || f.realm !== this.realm || !/^[0-9a-f]+$/i.test(nonceHex)) return false;
    if (!this.knownNonce(String(parseInt(nonceHex, 16)))) return false;
    const tail = `${nonceHex}:${f.nc}:${f.cnonce}:${f.qop ?? 'auth'}`;
    const candidates = [sha256(`${method}:${f.uri}`), DUMMY_HA2].map((ha2) => sha256(`${this.ha1}:${tail}:${ha2}`));
    return candidates.includes(f.response ?? '');
  }

  /** Checks the `auth` object of an RPC frame (HTTP POST /rpc or WebSocket). */
  verifyObject(auth: AuthObject | undefined): boolean {
    if (!auth || auth.realm !== this.realm || (auth.username ?? 'admin') !== 'admin') return false;
    const nonce = String(auth.nonce);
    if (!this.knownNonce(nonce)) return false;
    const nc = auth.nc ?? 1;
    return auth.response === sha256(`${this.ha1}:${nonce}:${String(nc)}:${String(auth.cnonce)}:auth:${DUMMY_HA2}`);
  }
}

export function parseDigestFields(text: string): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const m of text.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)) fields[m[1]!] = m[2] ?? m[3] ?? '';
  return fields;
}
