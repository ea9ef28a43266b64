/**
 * The SSDP wire format (UPnP Device Architecture 1.1, §1), pure: the multicast group, the
 * M-SEARCH datagram and the framing of the HTTP-like datagrams (responses, NOTIFY, M-SEARCH).
 * Shared by the hub's searcher (core/discovery) and the simulated players' responder (sim/lan),
 * so both sides read and write the same bytes. What the headers must contain to be believed is
 * the hub's business (core/discovery/ssdp.ts); here sizes are capped and names checked only.
 */
export const SSDP_GROUP = '239.255.255.250';
export const SSDP_PORT = 1900;

/** A datagram larger than this is not an SSDP message. */
export const MAX_SSDP_BYTES = 8192;
const MAX_HEADERS = 64;

export function mSearch(st: string, mx = 1): string {
  return (
    'M-SEARCH * HTTP/1.1\r\n' +
    `HOST: ${SSDP_GROUP}:${SSDP_PORT}\r\n` +
    'MAN: "ssdp:discover"\r\n' +
    `MX: ${mx}\r\n` +
    `ST: ${st}\r\n` +
    '\r\n'
  );
}

export interface SsdpMessage {
  kind: 'response' | 'notify' | 'search';
  /** Header names lower-cased; the first of a repeated header wins. */
  headers: Record<string, string>;
}

/** Start line + headers; undefined for anything that is not a well-formed SSDP message. */
export function parseSsdpMessage(data: Buffer | string): SsdpMessage | undefined {
  if (data.length > MAX_SSDP_BYTES) return undefined;
  const text = typeof data === 'string' ? data : data.toString('latin1');
  const lines = text.split(/\r?\n/);
  const start = lines[0]?.trim() ?? '';
  let kind: SsdpMessage['kind'];
  if (/^HTTP\/1\.[01] 200\b/i.test(start)) kind = 'response';
  else if (/^NOTIFY \* HTTP\/1\.[01]$/i.test(start)) kind = 'notify';
  else if (/^M-SEARCH \* HTTP\/1\.[01]$/i.test(start)) kind = 'search';
  else return undefined;
  // No prototype: a header called `constructor` or `__proto__` is just a header.
  const headers: Record<string, string> = Object.create(null);
  let count = 0;
  for (const line of lines.slice(1)) {
    if (line.trim() === '') break;
    const colon = line.indexOf(':');
    if (colon <= 0) return undefined;
    if (++count > MAX_HEADERS) return undefined;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!/^[a-z0-9.!#$%&'*+^_`|~-]+$/.test(name)) return undefined;
    if (!Object.hasOwn(headers, name)) headers[name] = line.slice(colon + 1).trim();
  }
  return { kind, headers };
}
