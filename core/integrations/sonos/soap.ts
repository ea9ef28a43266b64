/**
 * UPnP SOAP as Sonos players take it, byte for byte as protocols/speakers/sonos/request-*.http
 * (SoCo's template): headers HOST, CONTENT-TYPE, SOAPACTION (unquoted, as SoCo sends it),
 * CONTENT-LENGTH; the envelope on one line; arguments in the documented order, escaped.
 * Answers: `<u:ActionResponse>` values, or a UPnPError fault with HTTP 500.
 */
import http from 'node:http';
import { describeFetchError, tooLarge } from '../lan/http';
import { child, MAX_XML_BYTES, parseXml, text, xmlEscape, XmlError, type XmlNode } from './xml';

export const AVT = 'urn:schemas-upnp-org:service:AVTransport:1';
export const RC = 'urn:schemas-upnp-org:service:RenderingControl:1';
export const ZGT = 'urn:schemas-upnp-org:service:ZoneGroupTopology:1';

export const CONTROL_URLS: Record<string, string> = {
  [AVT]: '/MediaRenderer/AVTransport/Control',
  [RC]: '/MediaRenderer/RenderingControl/Control',
  [ZGT]: '/ZoneGroupTopology/Control',
};

const ENVELOPE_OPEN =
  '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>';
const ENVELOPE_CLOSE = '</s:Body></s:Envelope>';

export type SoapArgs = readonly (readonly [string, string | number])[];

export function soapBody(serviceType: string, action: string, args: SoapArgs): string {
  const inner = args.map(([name, value]) => `<${name}>${xmlEscape(String(value))}</${name}>`).join('');
  return `${ENVELOPE_OPEN}<u:${action} xmlns:u="${serviceType}">${inner}</u:${action}>${ENVELOPE_CLOSE}`;
}

/** The request headers, in the recorded order. */
export function soapHeaders(host: string, serviceType: string, action: string, body: string): Record<string, string> {
  return {
    HOST: host,
    'CONTENT-TYPE': 'text/xml; charset="utf-8"',
    SOAPACTION: `${serviceType}#${action}`,
    'CONTENT-LENGTH': String(Buffer.byteLength(body)),
  };
}

export class UpnpFault extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(`UPnP error ${code}${description ? ` (${description})` : ''}`);
    this.name = 'UpnpFault';
  }
}

/** UPnP error codes a person can act on (UPnP AVTransport:1 / Device Architecture). */
export function faultText(fault: UpnpFault): string {
  const known: Record<number, string> = {
    401: 'does not know that action',
    402: 'refused the arguments',
    701: 'cannot do that now (transition not available)',
    800: 'is in a group and only its coordinator can do that',
  };
  return known[fault.code] ?? `answered with UPnP error ${fault.code}`;
}

/** The values of `<u:ActionResponse>`, or the fault. */
export function parseSoapResponse(status: number, body: string, action: string): Record<string, string> {
  let doc: XmlNode;
  try {
    doc = parseXml(body);
  } catch (error) {
    if (status !== 200) throw new UpnpFault(status, `HTTP ${status}`);
    throw error;
  }
  const soapBodyNode = child(doc, 'Envelope', 'Body');
  const fault = child(soapBodyNode, 'Fault');
  if (fault !== undefined) {
    const error = child(fault, 'detail', 'UPnPError');
    throw new UpnpFault(Number(text(child(error, 'errorCode')) ?? status), text(child(error, 'errorDescription')) ?? '');
  }
  if (status !== 200) throw new UpnpFault(status, `HTTP ${status}`);
  const response = child(soapBodyNode, `${action}Response`);
  if (response === undefined) throw new XmlError(`no ${action}Response in the answer`);
  const values: Record<string, string> = {};
  if (typeof response === 'object' && !Array.isArray(response)) {
    for (const [key, value] of Object.entries(response)) {
      const t = text(value);
      if (t !== undefined && !key.startsWith('xmlns')) values[key] = t;
    }
  }
  return values;
}

export interface SoapTarget {
  /** `host:port` of the player. */
  host: string;
  timeoutMs?: number;
}

/** One control request over plain node:http, so header names and order go out exactly as recorded. */
export function soapCall(
  target: SoapTarget,
  serviceType: string,
  action: string,
  args: SoapArgs,
): Promise<Record<string, string>> {
  const path = CONTROL_URLS[serviceType];
  if (!path) return Promise.reject(new Error(`unknown service ${serviceType}`));
  const body = soapBody(serviceType, action, args);
  const timeoutMs = target.timeoutMs ?? 3000;
  return new Promise((resolve, reject) => {
    const req = http.request(`http://${target.host}${path}`, {
      method: 'POST',
      headers: soapHeaders(target.host, serviceType, action, body),
      agent: false,
      timeout: timeoutMs,
    });
    // `timeout` above is the socket's idle time; this deadline covers the whole answer (a body that trickles too).
    const deadline = setTimeout(() => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })), timeoutMs);
    req.on('close', () => clearTimeout(deadline));
    req.on('timeout', () => req.destroy(Object.assign(new Error('timeout'), { name: 'TimeoutError' })));
    req.on('error', (error) => reject(new Error(describeHttpError(error, timeoutMs))));
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_XML_BYTES) req.destroy(tooLarge(`${target.host}${path}`, MAX_XML_BYTES));
        else chunks.push(c);
      });
      res.on('error', (error) => reject(new Error(describeHttpError(error, timeoutMs))));
      res.on('end', () => {
        try {
          resolve(parseSoapResponse(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), action));
        } catch (error) {
          reject(error instanceof Error ? error : new Error(String(error)));
        }
      });
    });
    req.end(body);
  });
}

/** node:http errors in the words the fetch-based LAN integrations use (lan/http.ts). */
export function describeHttpError(error: Error & { code?: string }, timeoutMs: number): string {
  if (error.name === 'TimeoutError') return describeFetchError(error, timeoutMs);
  const known = ['ECONNREFUSED', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN', 'ECONNRESET'];
  return error.code && known.includes(error.code)
    ? describeFetchError({ cause: { code: error.code } }, timeoutMs)
    : error.message;
}
