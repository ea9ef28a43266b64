import { describe, expect, it } from 'vitest';
import { claimService } from '../integrations/sonos/mapping';
import { ipv4 } from './ssdp-searcher';
import { parseSsdpMessage, type SsdpMessage } from '../protocols/ssdp';
import { byebyeUsn, ssdpService, udnOf, validateAnnouncement, ZONE_PLAYER_ST } from './ssdp';

const USN = `uuid:RINCON_347E5C0F1A2B01400::${ZONE_PLAYER_ST}`;
const response = (headers: Record<string, string>) =>
  'HTTP/1.1 200 OK\r\n' +
  Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('') +
  '\r\n';
const sonosHeaders = {
  'CACHE-CONTROL': 'max-age = 1800',
  EXT: '',
  LOCATION: 'http://192.168.1.30:1400/xml/device_description.xml',
  SERVER: 'Linux UPnP/1.0 Sonos/80.1-55240 (ZPS18)',
  ST: ZONE_PLAYER_ST,
  USN,
  'X-RINCON-HOUSEHOLD': 'Sonos_abcdefghijklmnopqrstuvwxyz',
};
const parse = (text: string) => parseSsdpMessage(text) as SsdpMessage;

describe('validateAnnouncement', () => {
  it('accepts a Sonos search response from the player itself', () => {
    const result = validateAnnouncement(parse(response(sonosHeaders)), '192.168.1.30', [ZONE_PLAYER_ST]);
    expect(result).toEqual({
      ok: true,
      player: {
        usn: USN,
        udn: 'RINCON_347E5C0F1A2B01400',
        st: ZONE_PLAYER_ST,
        location: 'http://192.168.1.30:1400/xml/device_description.xml',
        host: '192.168.1.30',
        port: 1400,
        household: 'Sonos_abcdefghijklmnopqrstuvwxyz',
        maxAgeS: 1800,
      },
    });
  });

  it('accepts a NOTIFY ssdp:alive', () => {
    const { ST, ...rest } = sonosHeaders;
    const text = 'NOTIFY * HTTP/1.1\r\n' + response({ ...rest, NT: ST, NTS: 'ssdp:alive' }).slice(17);
    expect(validateAnnouncement(parse(text), '192.168.1.30', [ZONE_PLAYER_ST]).ok).toBe(true);
  });

  it.each([
    ['LOCATION on another host', { LOCATION: 'http://10.0.0.9:1400/xml/device_description.xml' }, /not the responder's own/],
    ['LOCATION by name', { LOCATION: 'http://evil.example:1400/x.xml' }, /not the responder's own/],
    ['a non-http LOCATION', { LOCATION: 'file:///etc/passwd' }, /not http/],
    ['LOCATION with credentials', { LOCATION: 'http://u:p@192.168.1.30:1400/' }, /credentials/],
    ['LOCATION not a URL', { LOCATION: 'nonsense' }, /not a URL/],
    ['another search target', { ST: 'urn:schemas-upnp-org:device:MediaServer:1' }, /search target/],
    ['no USN', { USN: '' }, /invalid headers: usn/],
    ['a USN without uuid', { USN: 'RINCON_347E5C0F1A2B01400' }, /without a uuid/],
    ['control characters', { 'X-RINCON-HOUSEHOLD': 'a\x07b' }, /x-rincon-household/],
    ['an oversized LOCATION', { LOCATION: 'http://192.168.1.30/' + 'a'.repeat(600) }, /location/],
  ])('ignores %s', (_, override, reason) => {
    const result = validateAnnouncement(parse(response({ ...sonosHeaders, ...override })), '192.168.1.30', [ZONE_PLAYER_ST]);
    expect(result.ok).toBe(false);
    expect(!result.ok && result.reason).toMatch(reason);
  });

  it('clamps max-age and defaults it', () => {
    const age = (cc: string | undefined) => {
      const { 'CACHE-CONTROL': _, ...rest } = sonosHeaders;
      const r = validateAnnouncement(
        parse(response(cc === undefined ? rest : { ...rest, 'CACHE-CONTROL': cc })),
        '192.168.1.30',
        [ZONE_PLAYER_ST],
      );
      return r.ok ? r.player.maxAgeS : undefined;
    };
    expect([age('max-age=60'), age(undefined), age('max-age=1'), age('max-age=999999999')]).toEqual([60, 1800, 10, 86_400]);
  });
});

describe('byebye and the service', () => {
  it('a byebye names the USN that went', () => {
    const text = `NOTIFY * HTTP/1.1\r\nNT: ${ZONE_PLAYER_ST}\r\nNTS: ssdp:byebye\r\nUSN: ${USN}\r\n\r\n`;
    expect(byebyeUsn(parse(text), [ZONE_PLAYER_ST])).toBe(USN);
    expect(byebyeUsn(parse(text.replace('byebye', 'alive')), [ZONE_PLAYER_ST])).toBeUndefined();
    expect(byebyeUsn(parse(text), ['urn:other'])).toBeUndefined();
  });

  it('udnOf', () => {
    expect(udnOf(USN)).toBe('RINCON_347E5C0F1A2B01400');
    expect(udnOf('uuid:abc')).toBe('abc');
    expect(udnOf('abc')).toBeUndefined();
  });

  it('ipv4', () => {
    expect(ipv4('192.168.1.30')).toBe(0xc0a8011e);
    expect(ipv4('255.255.255.255')).toBe(0xffffffff);
    expect([ipv4('1.2.3'), ipv4('1.2.3.256'), ipv4('::1')]).toEqual([undefined, undefined, undefined]);
  });

  it('a validated player is claimed by Sonos like an mDNS service (name learned by probing)', () => {
    const result = validateAnnouncement(parse(response(sonosHeaders)), '192.168.1.30', [ZONE_PLAYER_ST]);
    if (!result.ok) throw new Error(result.reason);
    const service = ssdpService(result.player, 'sonos');
    expect(service).toMatchObject({ fqdn: `ssdp:${USN}`, type: 'sonos', addresses: ['192.168.1.30'], port: 1400 });
    expect(claimService(service)).toMatchObject({
      integration: 'sonos',
      uniqueId: 'RINCON_347E5C0F1A2B01400',
      host: '192.168.1.30',
      port: 1400,
    });
  });
});
