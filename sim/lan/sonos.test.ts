import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ManualClock } from '../../core/util/clock';
import { SonosSpeaker, type SonosOptions } from './sonos';
import { xmlUnescape } from './sonos-soap';

const speakers: SonosSpeaker[] = [];
const servers: http.Server[] = [];
async function start(options: SonosOptions = {}) {
  const speaker = new SonosSpeaker(options);
  speakers.push(speaker);
  await speaker.start();
  return speaker;
}
afterEach(async () => {
  await Promise.all(speakers.splice(0).map((s) => s.stop()));
  await Promise.all(servers.splice(0).map((s) => new Promise((r) => s.close(r))));
});

// Bodies exactly as protocols/speakers/sonos/request-*.http (rendered with SoCo's template)
const ENV =
  '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>';
const END = '</s:Body></s:Envelope>';
const avt = (action: string, args = '<InstanceID>0</InstanceID><Speed>1</Speed>') =>
  `${ENV}<u:${action} xmlns:u="urn:schemas-upnp-org:service:AVTransport:1">${args}</u:${action}>${END}`;
const rc = (action: string, args: string) =>
  `${ENV}<u:${action} xmlns:u="urn:schemas-upnp-org:service:RenderingControl:1">${args}</u:${action}>${END}`;

async function soap(
  speaker: SonosSpeaker,
  service: 'AVTransport' | 'RenderingControl',
  action: string,
  body: string,
  quoted = false,
) {
  const header = `urn:schemas-upnp-org:service:${service}:1#${action}`;
  const res = await fetch(`${speaker.url}/MediaRenderer/${service}/Control`, {
    method: 'POST',
    headers: { 'CONTENT-TYPE': 'text/xml; charset="utf-8"', SOAPACTION: quoted ? `"${header}"` : header },
    body,
  });
  return { status: res.status, contentType: res.headers.get('content-type'), text: await res.text() };
}

describe('Sonos SOAP control', () => {
  it('Play answers exactly response-AVTransport-Play.xml and GetTransportInfo follows', async () => {
    const speaker = await start();
    const play = await soap(speaker, 'AVTransport', 'Play', avt('Play'));
    expect(play.status).toBe(200);
    expect(play.contentType).toBe('text/xml; charset="utf-8"');
    expect(play.text).toBe(
      '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:PlayResponse xmlns:u="urn:schemas-upnp-org:service:AVTransport:1"></u:PlayResponse></s:Body></s:Envelope>',
    );
    // response-AVTransport-GetTransportInfo.xml
    const info = await soap(speaker, 'AVTransport', 'GetTransportInfo', avt('GetTransportInfo', '<InstanceID>0</InstanceID>'));
    expect(info.text).toBe(
      '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:GetTransportInfoResponse xmlns:u="urn:schemas-upnp-org:service:AVTransport:1"><CurrentTransportState>PLAYING</CurrentTransportState><CurrentTransportStatus>OK</CurrentTransportStatus><CurrentSpeed>1</CurrentSpeed></u:GetTransportInfoResponse></s:Body></s:Envelope>',
    );
  });

  it('Pause, Stop, Next and Previous move the transport (SOAPACTION quoted or not)', async () => {
    const speaker = await start();
    await soap(speaker, 'AVTransport', 'Play', avt('Play'), true);
    await soap(speaker, 'AVTransport', 'Pause', avt('Pause'));
    expect(speaker.state.transport).toBe('PAUSED_PLAYBACK');
    await soap(speaker, 'AVTransport', 'Next', avt('Next', '<InstanceID>0</InstanceID>'));
    expect(speaker.state.trackIndex).toBe(1);
    await soap(speaker, 'AVTransport', 'Previous', avt('Previous', '<InstanceID>0</InstanceID>'));
    expect(speaker.state.trackIndex).toBe(0);
    const previous = await soap(speaker, 'AVTransport', 'Previous', avt('Previous', '<InstanceID>0</InstanceID>'));
    expect(previous.status).toBe(500);
    expect(previous.text).toContain('<errorCode>701</errorCode>');
    await soap(speaker, 'AVTransport', 'Stop', avt('Stop'));
    expect(speaker.state.transport).toBe('STOPPED');
  });

  it('GetPositionInfo carries DIDL-Lite track metadata and a running RelTime', async () => {
    const clock = new ManualClock(0);
    const speaker = await start({ clock });
    await soap(speaker, 'AVTransport', 'Play', avt('Play'));
    clock.advance(65_000);
    const { text } = await soap(speaker, 'AVTransport', 'GetPositionInfo', avt('GetPositionInfo', '<InstanceID>0</InstanceID>'));
    expect(text).toContain('<Track>1</Track><TrackDuration>0:03:25</TrackDuration>');
    expect(text).toContain('<RelTime>0:01:05</RelTime>');
    const meta = xmlUnescape(text.match(/<TrackMetaData>([\s\S]*)<\/TrackMetaData>/)![1]!);
    expect(meta).toMatch(
      /^<DIDL-Lite xmlns:dc="http:\/\/purl.org\/dc\/elements\/1.1\/" xmlns:upnp="urn:schemas-upnp-org:metadata-1-0\/upnp\/"/,
    );
    expect(meta).toContain('<dc:title>Morning Light</dc:title>');
    expect(meta).toContain('<dc:creator>The Simulators</dc:creator>');
    expect(meta).toContain('<upnp:class>object.item.audioItem.musicTrack</upnp:class>');
  });

  it('SetVolume/GetVolume match request-RenderingControl-SetVolume.http and response-RenderingControl-GetVolume.xml', async () => {
    const speaker = await start();
    const set = await soap(
      speaker,
      'RenderingControl',
      'SetVolume',
      rc('SetVolume', '<InstanceID>0</InstanceID><Channel>Master</Channel><DesiredVolume>40</DesiredVolume>'),
    );
    expect(set.status).toBe(200);
    const get = await soap(
      speaker,
      'RenderingControl',
      'GetVolume',
      rc('GetVolume', '<InstanceID>0</InstanceID><Channel>Master</Channel>'),
    );
    expect(get.text).toBe(
      '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><u:GetVolumeResponse xmlns:u="urn:schemas-upnp-org:service:RenderingControl:1"><CurrentVolume>40</CurrentVolume></u:GetVolumeResponse></s:Body></s:Envelope>',
    );
    await soap(
      speaker,
      'RenderingControl',
      'SetMute',
      rc('SetMute', '<InstanceID>0</InstanceID><Channel>Master</Channel><DesiredMute>1</DesiredMute>'),
    );
    const mute = await soap(
      speaker,
      'RenderingControl',
      'GetMute',
      rc('GetMute', '<InstanceID>0</InstanceID><Channel>Master</Channel>'),
    );
    expect(mute.text).toContain('<CurrentMute>1</CurrentMute>');
  });

  it('answers invalid arguments and actions with a UPnPError fault (response-UPnPError-fault-SoCo-test.xml shape)', async () => {
    const speaker = await start();
    const bad = await soap(
      speaker,
      'RenderingControl',
      'SetVolume',
      rc('SetVolume', '<InstanceID>0</InstanceID><Channel>Master</Channel><DesiredVolume>150</DesiredVolume>'),
    );
    expect(bad.status).toBe(500);
    expect(bad.text).toBe(
      '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body><s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0"><errorCode>402</errorCode><errorDescription>Invalid Args</errorDescription></UPnPError></detail></s:Fault></s:Body></s:Envelope>',
    );
    expect(speaker.state.volume).toBe(20);
    expect((await soap(speaker, 'AVTransport', 'Explode', avt('Explode'))).text).toContain('<errorCode>401</errorCode>');
    // an AVTransport action posted to RenderingControl's control URL
    const wrong = await fetch(`${speaker.url}/MediaRenderer/RenderingControl/Control`, {
      method: 'POST',
      headers: { SOAPACTION: 'urn:schemas-upnp-org:service:AVTransport:1#Play' },
      body: avt('Play'),
    });
    expect(wrong.status).toBe(500);
    expect(
      (await soap(speaker, 'AVTransport', 'Play', avt('Play', '<InstanceID>3</InstanceID><Speed>1</Speed>'))).text,
    ).toContain('<errorCode>402</errorCode>');
  });

  it('serves the UPnP device description with RINCON udn, modelName and roomName', async () => {
    const speaker = await start({ roomName: 'Kitchen', mac: '5CAAFD123456' });
    const res = await fetch(`${speaker.url}/xml/device_description.xml`);
    const xml = await res.text();
    expect(res.status).toBe(200);
    expect(xml).toContain('<deviceType>urn:schemas-upnp-org:device:ZonePlayer:1</deviceType>');
    expect(xml).toContain('<UDN>uuid:RINCON_5CAAFD12345601400</UDN>');
    expect(xml).toContain('<modelName>Sonos One</modelName>');
    expect(xml).toContain('<roomName>Kitchen</roomName>');
    expect(xml).toContain('<controlURL>/MediaRenderer/AVTransport/Control</controlURL>');
  });
});

describe('Sonos GENA events', () => {
  async function callbackServer() {
    const received: { headers: http.IncomingHttpHeaders; body: string; method?: string }[] = [];
    const server = http.createServer((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        received.push({ headers: req.headers, body, method: req.method });
        res.end();
      });
    });
    servers.push(server);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/notify`;
    const next = (n: number) =>
      vi.waitFor(() => {
        expect(received.length).toBeGreaterThanOrEqual(n);
        return received[n - 1]!;
      });
    return { url, received, next };
  }

  const gena = (url: string, method: string, headers: Record<string, string>) =>
    new Promise<http.IncomingMessage>((resolve, reject) => {
      const req = http.request(url, { method, headers }, (res) => (res.resume(), resolve(res)));
      req.on('error', reject);
      req.end();
    });

  it('SUBSCRIBE returns SID and TIMEOUT, then NOTIFY carries LastChange on every change', async () => {
    const speaker = await start();
    const cb = await callbackServer();
    const res = await gena(`${speaker.url}/MediaRenderer/AVTransport/Event`, 'SUBSCRIBE', {
      CALLBACK: `<${cb.url}>`,
      NT: 'upnp:event',
      TIMEOUT: 'Second-300',
    });
    expect(res.statusCode).toBe(200);
    expect(res.headers.sid).toMatch(/^uuid:RINCON_[0-9A-F]{12}01400_sub[0-9a-f]+$/);
    expect(res.headers.timeout).toBe('Second-300');

    const initial = await cb.next(1);
    expect(initial.method).toBe('NOTIFY');
    expect(initial.headers).toMatchObject({ nt: 'upnp:event', nts: 'upnp:propchange', sid: res.headers.sid, seq: '0' });
    expect(initial.body).toMatch(
      /^<e:propertyset xmlns:e="urn:schemas-upnp-org:event-1-0"><e:property><LastChange>&lt;Event xmlns=&quot;urn:schemas-upnp-org:metadata-1-0\/AVT\/&quot;/,
    );
    expect(xmlUnescape(initial.body)).toContain('<TransportState val="STOPPED"/>');

    speaker.pressButton();
    const change = await cb.next(2);
    expect(change.headers.seq).toBe('1');
    expect(xmlUnescape(change.body)).toContain('<TransportState val="PLAYING"/>');

    // renewal keeps the SID; UNSUBSCRIBE ends the notifications
    const renewed = await gena(`${speaker.url}/MediaRenderer/AVTransport/Event`, 'SUBSCRIBE', {
      SID: res.headers.sid as string,
      TIMEOUT: 'Second-600',
    });
    expect(renewed.statusCode).toBe(200);
    expect(renewed.headers).toMatchObject({ sid: res.headers.sid, timeout: 'Second-600' });
    expect(
      (await gena(`${speaker.url}/MediaRenderer/AVTransport/Event`, 'UNSUBSCRIBE', { SID: res.headers.sid as string }))
        .statusCode,
    ).toBe(200);
    expect(speaker.subscriptionCount).toBe(0);
    expect(
      (await gena(`${speaker.url}/MediaRenderer/AVTransport/Event`, 'UNSUBSCRIBE', { SID: res.headers.sid as string }))
        .statusCode,
    ).toBe(412);
  });

  it('RenderingControl events report Volume and Mute; bad subscriptions get 412/400', async () => {
    const speaker = await start();
    const cb = await callbackServer();
    const res = await gena(`${speaker.url}/MediaRenderer/RenderingControl/Event`, 'SUBSCRIBE', {
      CALLBACK: `<${cb.url}>`,
      NT: 'upnp:event',
    });
    expect(res.headers.timeout).toBe('Second-1800');
    await cb.next(1);
    await soap(
      speaker,
      'RenderingControl',
      'SetVolume',
      rc('SetVolume', '<InstanceID>0</InstanceID><Channel>Master</Channel><DesiredVolume>33</DesiredVolume>'),
    );
    expect(xmlUnescape((await cb.next(2)).body)).toContain('<Volume channel="Master" val="33"/><Mute channel="Master" val="0"/>');

    const url = `${speaker.url}/MediaRenderer/RenderingControl/Event`;
    expect((await gena(url, 'SUBSCRIBE', { NT: 'upnp:event' })).statusCode).toBe(412);
    expect((await gena(url, 'SUBSCRIBE', { CALLBACK: `<${cb.url}>`, NT: 'upnp:other' })).statusCode).toBe(412);
    expect((await gena(url, 'SUBSCRIBE', { SID: 'uuid:nope' })).statusCode).toBe(412);
    expect((await gena(url, 'SUBSCRIBE', { SID: res.headers.sid as string, CALLBACK: `<${cb.url}>` })).statusCode).toBe(400);
  });

  it('subscriptions expire after their TIMEOUT', async () => {
    const clock = new ManualClock(0);
    const speaker = await start({ clock });
    const cb = await callbackServer();
    await gena(`${speaker.url}/MediaRenderer/AVTransport/Event`, 'SUBSCRIBE', {
      CALLBACK: `<${cb.url}>`,
      NT: 'upnp:event',
      TIMEOUT: 'Second-60',
    });
    expect(speaker.subscriptionCount).toBe(1);
    clock.advance(60_000);
    expect(speaker.subscriptionCount).toBe(0);
  });

  it('goes offline and back', async () => {
    const speaker = await start();
    await speaker.setOnline(false);
    await expect(fetch(`${speaker.url}/xml/device_description.xml`)).rejects.toThrow();
    await speaker.setOnline(true);
    expect((await fetch(`${speaker.url}/xml/device_description.xml`)).status).toBe(200);
  });
});
