/**
 * `GET /xml/device_description.xml`: the UPnP root device a Sonos player serves on 1400
 * (ZonePlayer with an embedded MediaRenderer holding AVTransport and RenderingControl).
 */
import { xmlEscape } from './sonos-soap';

export interface DescriptionInfo {
  udn: string;
  roomName: string;
  host: string;
}

const service = (name: string, prefix: string) =>
  `<service><serviceType>urn:schemas-upnp-org:service:${name}:1</serviceType><serviceId>urn:upnp-org:serviceId:${name}</serviceId>` +
  `<controlURL>${prefix}/${name}/Control</controlURL><eventSubURL>${prefix}/${name}/Event</eventSubURL><SCPDURL>/xml/${name}1.xml</SCPDURL></service>`;

export function deviceDescription({ udn, roomName, host }: DescriptionInfo): string {
  const ip = host.split(':')[0]!;
  const room = xmlEscape(roomName);
  return (
    '<?xml version="1.0" encoding="utf-8" ?>\n' +
    '<root xmlns="urn:schemas-upnp-org:device-1-0"><specVersion><major>1</major><minor>0</minor></specVersion><device>' +
    '<deviceType>urn:schemas-upnp-org:device:ZonePlayer:1</deviceType>' +
    `<friendlyName>${ip} - Sonos One - ${udn}</friendlyName>` +
    '<manufacturer>Sonos, Inc.</manufacturer><manufacturerURL>http://www.sonos.com</manufacturerURL>' +
    '<modelNumber>S18</modelNumber><modelDescription>Sonos One</modelDescription><modelName>Sonos One</modelName>' +
    '<modelURL>http://www.sonos.com/products/zoneplayers/S18</modelURL>' +
    '<softwareVersion>80.1-55240</softwareVersion><swGen>2</swGen><hardwareVersion>1.20.1.6-2.1</hardwareVersion>' +
    `<serialNum>${udn.slice(7, 9)}-${udn.slice(9, 11)}-${udn.slice(11, 13)}-${udn.slice(13, 15)}-${udn.slice(15, 17)}-${udn.slice(17, 19)}:E</serialNum>` +
    `<MACAddress>${udn.slice(7, 19).match(/../g)!.join(':')}</MACAddress>` +
    `<UDN>uuid:${udn}</UDN>` +
    `<roomName>${room}</roomName><displayName>One</displayName><zoneType>21</zoneType>` +
    '<serviceList>' +
    service('AlarmClock', '') +
    service('DeviceProperties', '') +
    '</serviceList>' +
    '<deviceList><device><deviceType>urn:schemas-upnp-org:device:MediaRenderer:1</deviceType>' +
    `<friendlyName>${room} - Sonos One Media Renderer</friendlyName><manufacturer>Sonos, Inc.</manufacturer>` +
    `<modelName>Sonos One</modelName><UDN>uuid:${udn}_MR</UDN><serviceList>` +
    service('RenderingControl', '/MediaRenderer') +
    service('AVTransport', '/MediaRenderer') +
    '</serviceList></device></deviceList>' +
    '</device></root>\n'
  );
}
