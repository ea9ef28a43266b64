/** Pure Sonos mapping and SOAP framing, on the recorded envelopes in protocols/speakers/sonos. */
import { describe as group, expect, it } from 'vitest';
import { deviceDescription } from '../../../sim/lan/sonos-description';
import { SonosState, DEMO_QUEUE } from '../../../sim/lan/sonos-state';
import { ManualClock } from '../../util/clock';
import {
  claimService,
  commandToSoap,
  coordinatorOf,
  describe,
  parseDescription,
  parseDidl,
  parseHms,
  parseLastChange,
  parseNotify,
  parseZoneGroupState,
  trackFromPositionInfo,
  trustedAlbumArt,
} from './mapping';
import { AVT, parseSoapResponse, RC, soapBody, soapHeaders, UpnpFault } from './soap';
import { recorded, recordedRequest } from './test-support';
import { parseXml, xmlEscape } from './xml';

group('SOAP requests, byte for byte as recorded', () => {
  it.each([
    [
      'AVTransport-Play',
      AVT,
      'Play',
      [
        ['InstanceID', 0],
        ['Speed', 1],
      ],
    ],
    [
      'AVTransport-Pause',
      AVT,
      'Pause',
      [
        ['InstanceID', 0],
        ['Speed', 1],
      ],
    ],
    [
      'AVTransport-Stop',
      AVT,
      'Stop',
      [
        ['InstanceID', 0],
        ['Speed', 1],
      ],
    ],
    ['AVTransport-GetTransportInfo', AVT, 'GetTransportInfo', [['InstanceID', 0]]],
    [
      'RenderingControl-GetVolume',
      RC,
      'GetVolume',
      [
        ['InstanceID', 0],
        ['Channel', 'Master'],
      ],
    ],
    [
      'RenderingControl-SetVolume',
      RC,
      'SetVolume',
      [
        ['InstanceID', 0],
        ['Channel', 'Master'],
        ['DesiredVolume', 40],
      ],
    ],
    [
      'RenderingControl-SetMute',
      RC,
      'SetMute',
      [
        ['InstanceID', 0],
        ['Channel', 'Master'],
        ['DesiredMute', 1],
      ],
    ],
  ] as const)('%s', (name, service, action, args) => {
    const { headers, body } = recordedRequest(`request-${name}.http`);
    expect(soapBody(service, action, args)).toBe(body);
    const ours = Object.entries(soapHeaders('<ip>:1400', service, action, body)).map(([k, v]) => `${k}: ${v}`);
    expect(ours).toEqual(headers);
  });

  it('escapes every argument', () => {
    expect(soapBody(AVT, 'X', [['Name', '</Name><Evil>&"\'']])).toContain(
      '<Name>&lt;/Name&gt;&lt;Evil&gt;&amp;&quot;&apos;</Name>',
    );
    expect(xmlEscape('a&b')).toBe('a&amp;b');
  });

  it('media commands become the documented actions', () => {
    expect(commandToSoap({ media: { action: 'next', volume: 40.2, muted: true } })).toEqual([
      {
        service: AVT,
        action: 'Next',
        args: [
          ['InstanceID', 0],
          ['Speed', 1],
        ],
      },
      {
        service: RC,
        action: 'SetVolume',
        args: [
          ['InstanceID', 0],
          ['Channel', 'Master'],
          ['DesiredVolume', 40],
        ],
      },
      {
        service: RC,
        action: 'SetMute',
        args: [
          ['InstanceID', 0],
          ['Channel', 'Master'],
          ['DesiredMute', 1],
        ],
      },
    ]);
    expect(commandToSoap({ power: true })).toEqual([]);
  });
});

group('SOAP responses', () => {
  it('reads the recorded responses', () => {
    expect(parseSoapResponse(200, recorded('response-AVTransport-GetTransportInfo.xml'), 'GetTransportInfo')).toEqual({
      CurrentTransportState: 'PLAYING',
      CurrentTransportStatus: 'OK',
      CurrentSpeed: '1',
    });
    expect(parseSoapResponse(200, recorded('response-AVTransport-Play.xml'), 'Play')).toEqual({});
    expect(parseSoapResponse(200, recorded('response-RenderingControl-GetVolume.xml'), 'GetVolume')).toEqual({
      CurrentVolume: '40',
    });
  });

  it('turns the recorded UPnPError into a fault with its code and (unicode) description', () => {
    let fault: unknown;
    try {
      parseSoapResponse(500, recorded('response-UPnPError-fault-SoCo-test.xml'), 'Play');
    } catch (error) {
      fault = error;
    }
    expect(fault).toBeInstanceOf(UpnpFault);
    expect((fault as UpnpFault).code).toBe(607);
    expect((fault as UpnpFault).description).toMatch(/^Oops /);
  });

  it('refuses DOCTYPEs (entity expansion) and answers without the response element', () => {
    expect(() => parseXml('<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;</x>')).toThrow(/DOCTYPE/);
    expect(() => parseSoapResponse(200, recorded('response-AVTransport-Play.xml'), 'Pause')).toThrow(/PauseResponse/);
    expect(() => parseSoapResponse(404, '<html><body>404</body></html>', 'Play')).toThrow(UpnpFault);
  });
});

group('device description and discovery', () => {
  const xml = deviceDescription({ udn: 'RINCON_5CAAFD12345601400', roomName: 'Kitchen & Bar', host: '127.0.0.1:1400' });

  it('reads the RINCON id, room and model', () => {
    const player = parseDescription(xml)!;
    expect(player).toEqual({
      udn: 'RINCON_5CAAFD12345601400',
      roomName: 'Kitchen & Bar',
      modelName: 'Sonos One',
      softwareVersion: '80.1-55240',
    });
    expect(describe(player)).toMatchObject({
      id: 'sonos:RINCON_5CAAFD12345601400',
      name: 'Kitchen & Bar',
      kind: 'speaker',
      manufacturer: 'Sonos',
      model: 'Sonos One',
    });
    expect(parseDescription(xml.replace(/RINCON_5CAAFD12345601400/g, 'uuid:evil'))).toBeUndefined();
  });

  it('claims `RINCON_<MAC>01400@<Room>._sonos._tcp`', () => {
    const service = {
      fqdn: 'RINCON_347E5C0F1A2B01400@Living Room._sonos._tcp.local',
      name: 'RINCON_347E5C0F1A2B01400@Living Room',
      type: 'sonos',
      addresses: ['192.168.1.40'],
      port: 1400,
      txt: {},
    };
    expect(claimService(service)).toMatchObject({
      uniqueId: 'RINCON_347E5C0F1A2B01400',
      name: 'Living Room',
      host: '192.168.1.40',
      port: 1400,
      kind: 'speaker',
    });
    expect(claimService({ ...service, name: 'Office' })).toBeUndefined();
    expect(claimService({ ...service, type: 'mpd' })).toBeUndefined();
  });
});

group('track metadata and events', () => {
  const state = new SonosState(DEMO_QUEUE, new ManualClock(0));

  it('DIDL-Lite → title, artist, album; GetPositionInfo → duration and position', () => {
    expect(parseDidl(state.didl())).toEqual({
      track: { title: 'Morning Light', artist: 'The Simulators', album: 'Virtual Home' },
    });
    expect(
      trackFromPositionInfo({ TrackMetaData: state.didl(), TrackDuration: '0:03:25', RelTime: '0:01:05', TrackURI: 'x' }),
    ).toEqual({
      track: { title: 'Morning Light', artist: 'The Simulators', album: 'Virtual Home', durationS: 205, positionS: 65 },
    });
    expect(parseDidl('NOT_IMPLEMENTED')).toBeUndefined();
    expect(parseDidl('<not xml')).toBeUndefined();
    expect(parseHms('NOT_IMPLEMENTED')).toBeUndefined();
    expect(parseHms('1:00:01')).toBe(3601);
  });

  it('AVTransport and RenderingControl LastChange → media', () => {
    state.setTransport('PAUSED_PLAYBACK');
    expect(parseLastChange(state.avTransportEvent())).toEqual({
      media: {
        state: 'paused',
        track: { title: 'Morning Light', artist: 'The Simulators', album: 'Virtual Home', durationS: 205 },
      },
    });
    state.volume = 33;
    state.muted = true;
    expect(parseLastChange(state.renderingEvent())).toEqual({ media: { volume: 33, muted: true } });
    // Channels other than Master are not the player's volume
    const lf =
      '<Event xmlns="urn:schemas-upnp-org:metadata-1-0/RCS/"><InstanceID val="0"><Volume channel="LF" val="100"/><Volume channel="Master" val="12"/></InstanceID></Event>';
    expect(parseLastChange(lf).media).toEqual({ volume: 12 });
    expect(
      parseLastChange('<Event><InstanceID val="0"><TransportState val="TRANSITIONING"/></InstanceID></Event>').media,
    ).toEqual({});
  });

  it('a NOTIFY propertyset carries the escaped LastChange', () => {
    const body = `<e:propertyset xmlns:e="urn:schemas-upnp-org:event-1-0"><e:property><LastChange>${xmlEscape(state.renderingEvent())}</LastChange></e:property></e:propertyset>`;
    expect(parseNotify(body).media).toEqual({ volume: 33, muted: true });
  });
});

group('album art is untrusted', () => {
  it.each([
    [
      'a relative path on the player',
      '/getaa?s=1&u=x-sonos-spotify%3a1',
      'http://192.168.1.40:1400/getaa?s=1&u=x-sonos-spotify%3a1',
    ],
    ['absolute on the player', 'http://192.168.1.40:1400/img.jpg', 'http://192.168.1.40:1400/img.jpg'],
    ['https on the player', 'https://192.168.1.40/img.jpg', 'https://192.168.1.40/img.jpg'],
    ['another host', 'http://evil.example/track.jpg', undefined],
    ['javascript:', 'javascript:alert(1)', undefined],
    ['data:', 'data:image/png;base64,AAAA', undefined],
    ['credentials', 'http://user:pw@192.168.1.40:1400/x', undefined],
    ['nothing', undefined, undefined],
  ])('%s', (_name, raw, expected) => {
    expect(trustedAlbumArt(raw, 'http://192.168.1.40:1400/')).toBe(expected);
  });
});

group('groups', () => {
  // The shape Sonos answers GetZoneGroupState with (SoCo's zonegroupstate tests), trimmed.
  const zgs = (wrapped: boolean) => {
    const groups =
      '<ZoneGroups><ZoneGroup Coordinator="RINCON_00000000000101400" ID="RINCON_00000000000101400:58">' +
      '<ZoneGroupMember UUID="RINCON_00000000000101400" Location="http://192.168.1.101:1400/xml/device_description.xml" ZoneName="Living Room"/>' +
      '<ZoneGroupMember UUID="RINCON_00000000000201400" Location="http://192.168.1.102:1400/xml/device_description.xml" ZoneName="Kitchen"/>' +
      '</ZoneGroup><ZoneGroup Coordinator="RINCON_00000000000301400" ID="x:1"><ZoneGroupMember UUID="RINCON_00000000000301400" ZoneName="Office"/></ZoneGroup></ZoneGroups>';
    return wrapped ? `<ZoneGroupState>${groups}</ZoneGroupState>` : groups;
  };

  it.each([true, false])('parses ZoneGroupState (wrapped: %s) and finds the coordinator', (wrapped) => {
    const groups = parseZoneGroupState(zgs(wrapped));
    expect(groups).toHaveLength(2);
    expect(groups[0]!.members.map((m) => m.zoneName)).toEqual(['Living Room', 'Kitchen']);
    expect(coordinatorOf(groups, 'RINCON_00000000000201400')).toEqual({
      udn: 'RINCON_00000000000101400',
      location: 'http://192.168.1.101:1400/xml/device_description.xml',
    });
    expect(coordinatorOf(groups, 'RINCON_00000000000101400')).toBeUndefined();
    expect(coordinatorOf(groups, 'RINCON_00000000000301400')).toBeUndefined();
  });
});
