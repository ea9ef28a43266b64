import { describe, expect, it } from 'vitest';
import { mSearch, parseSsdpMessage, type SsdpMessage } from './ssdp';

const ZONE_PLAYER_ST = 'urn:schemas-upnp-org:device:ZonePlayer:1';
const response = (headers: Record<string, string>) =>
  'HTTP/1.1 200 OK\r\n' +
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('') +
  '\r\n';
const parse = (text: string) => parseSsdpMessage(text) as SsdpMessage;

describe('mSearch', () => {
  it('is the exact search datagram', () => {
    expect(mSearch(ZONE_PLAYER_ST)).toBe(
      'M-SEARCH * HTTP/1.1\r\nHOST: 239.255.255.250:1900\r\nMAN: "ssdp:discover"\r\nMX: 1\r\n' + `ST: ${ZONE_PLAYER_ST}\r\n\r\n`,
    );
    expect(parseSsdpMessage(mSearch(ZONE_PLAYER_ST))).toEqual({
      kind: 'search',
      headers: { host: '239.255.255.250:1900', man: '"ssdp:discover"', mx: '1', st: ZONE_PLAYER_ST },
    });
  });
});

describe('parseSsdpMessage', () => {
  it.each([
    ['a response', response({ ST: 'x' }), 'response'],
    ['a NOTIFY', 'NOTIFY * HTTP/1.1\r\nNT: x\r\n\r\n', 'notify'],
    ['LF line ends', 'HTTP/1.1 200 OK\nST: x\n\n', 'response'],
  ])('%s', (_, text, kind) => {
    expect(parseSsdpMessage(text)?.kind).toBe(kind);
  });

  it.each([
    ['an error status', 'HTTP/1.1 404 Not Found\r\n\r\n'],
    ['garbage', '\x00\x01binary'],
    ['a header without a colon', 'HTTP/1.1 200 OK\r\nnot a header\r\n\r\n'],
    ['a bad header name', 'HTTP/1.1 200 OK\r\nX Y: 1\r\n\r\n'],
    ['too many headers', 'HTTP/1.1 200 OK\r\n' + 'A: 1\r\n'.repeat(65) + '\r\n'],
    ['an oversized datagram', 'HTTP/1.1 200 OK\r\nX: ' + 'a'.repeat(9000) + '\r\n\r\n'],
  ])('refuses %s', (_, text) => {
    expect(parseSsdpMessage(text)).toBeUndefined();
  });

  it('lower-cases names and keeps the first of a repeated header', () => {
    expect(parse('HTTP/1.1 200 OK\r\nLocation: a\r\nLOCATION: b\r\n\r\n').headers).toEqual({ location: 'a' });
  });
});

describe('parseSsdpMessage and inherited names', () => {
  it('a header named like an Object property is an ordinary header', () => {
    const { headers } = parse('HTTP/1.1 200 OK\r\nconstructor: a\r\n__proto__: b\r\ntoString: c\r\n\r\n');
    expect(Object.entries(headers)).toEqual([
      ['constructor', 'a'],
      ['__proto__', 'b'],
      ['tostring', 'c'],
    ]);
  });
});
