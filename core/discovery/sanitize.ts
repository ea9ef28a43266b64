/**
 * Everything in an mDNS answer is written by whoever is on the network: names and TXT values
 * can hold HTML, control characters, 10 kB strings or broken UTF-8. Here they become short,
 * clean strings (rendered as text by every UI); nothing else in the hub sees the raw bytes.
 */
import { cleanText } from '../model';

export const MAX_SERVICE_NAME = 100;
export const MAX_TXT_VALUE = 200;
export const MAX_TXT_KEY = 32;
export const MAX_TXT_ENTRIES = 32;
/** DNS names are at most 255 bytes; anything longer is not a real answer. */
export const MAX_DNS_NAME = 512;

const utf8 = new TextDecoder('utf-8', { fatal: false });

/** Bytes or a string → text; invalid UTF-8 becomes U+FFFD instead of throwing. */
export function decodeText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Uint8Array) return utf8.decode(value);
  return '';
}

/** TXT strings (`key=value`, RFC 6763 §6) → a small, clean record; the first of a repeated key wins. */
export function parseTxt(data: unknown): Record<string, string> {
  const chunks: unknown[] = Array.isArray(data) ? data : data === undefined ? [] : [data];
  const txt: Record<string, string> = {};
  for (const chunk of chunks.slice(0, MAX_TXT_ENTRIES * 2)) {
    const text = decodeText(chunk);
    const eq = text.indexOf('=');
    const key = cleanText(eq < 0 ? text : text.slice(0, eq), MAX_TXT_KEY).toLowerCase();
    if (!key || Object.hasOwn(txt, key) || key === '__proto__') continue;
    txt[key] = eq < 0 ? '' : cleanText(text.slice(eq + 1), MAX_TXT_VALUE);
    if (Object.keys(txt).length >= MAX_TXT_ENTRIES) break;
  }
  return txt;
}

/** `Living\.Room._sonos._tcp.local` → `Living.Room`: the instance label, unescaped and cleaned. */
export function instanceName(fqdn: string, typeSuffix: string): string {
  const raw = fqdn.toLowerCase().endsWith(typeSuffix.toLowerCase()) ? fqdn.slice(0, fqdn.length - typeSuffix.length - 1) : fqdn;
  return cleanText(raw.replace(/\\(.)/g, '$1'), MAX_SERVICE_NAME);
}

const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;
const IPV6 = /^[0-9a-f:.]+(%[\w.-]+)?$/i;

/** An address as a host string for a URL, or undefined when it is not an IP address. */
export function validAddress(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length > 64) return undefined;
  if (IPV4.test(value)) return value;
  if (value.includes(':') && IPV6.test(value)) return value;
  return undefined;
}
