/**
 * UPnP SOAP as a Sonos player speaks it: the `SOAPACTION` header (quoted or not, SoCo sends
 * it bare, node-sonos-ts quoted) names service and action; arguments are the child elements
 * of `<u:Action>`; answers use the exact envelope of protocols/speakers/sonos/response-*.xml.
 */
export const ENVELOPE_OPEN =
  '<?xml version="1.0"?><s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/" s:encodingStyle="http://schemas.xmlsoap.org/soap/encoding/"><s:Body>';
export const ENVELOPE_CLOSE = '</s:Body></s:Envelope>';

export function xmlEscape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&apos;');
}

export function xmlUnescape(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
    .replace(/&amp;/g, '&');
}

export interface SoapCall {
  serviceType: string;
  action: string;
  args: Record<string, string>;
}

/** Undefined when the header or the body does not name one action consistently. */
export function parseSoapCall(soapAction: string | undefined, body: string): SoapCall | undefined {
  const header = soapAction?.trim().replace(/^"|"$/g, '');
  const match = header?.match(/^(urn:[^#]+)#(\w+)$/);
  if (!match) return undefined;
  const [, serviceType, action] = match as unknown as [string, string, string];
  const element = body.match(new RegExp(`<(\\w+):${action}\\b[^>]*>([\\s\\S]*?)</\\1:${action}>|<(\\w+):${action}\\b[^>]*/>`));
  if (!element) return undefined;
  const args: Record<string, string> = {};
  for (const m of (element[2] ?? '').matchAll(/<(\w+)>([\s\S]*?)<\/\1>|<(\w+)\s*\/>/g)) {
    if (m[1]) args[m[1]] = xmlUnescape(m[2] ?? '');
    else if (m[3]) args[m[3]] = '';
  }
  return { serviceType, action, args };
}

export function soapResponse(serviceType: string, action: string, values: Record<string, string | number> = {}): string {
  const inner = Object.entries(values)
    .map(([k, v]) => `<${k}>${xmlEscape(String(v))}</${k}>`)
    .join('');
  return `${ENVELOPE_OPEN}<u:${action}Response xmlns:u="${serviceType}">${inner}</u:${action}Response>${ENVELOPE_CLOSE}`;
}

/** UPnP error codes the player answers with (UPnP Device Architecture, AVTransport:1). */
export const UPNP_ERRORS = {
  invalidAction: [401, 'Invalid Action'],
  invalidArgs: [402, 'Invalid Args'],
  transitionNotAvailable: [701, 'Transition not available'],
} as const;

export class UpnpError extends Error {
  constructor(
    readonly code: number,
    readonly description: string,
  ) {
    super(`UPnPError ${code}: ${description}`);
  }
}

/** Template: response-UPnPError-fault-SoCo-test.xml (sent with HTTP 500). */
export function soapFault(code: number, description: string): string {
  return `${ENVELOPE_OPEN}<s:Fault><faultcode>s:Client</faultcode><faultstring>UPnPError</faultstring><detail><UPnPError xmlns="urn:schemas-upnp-org:control-1-0"><errorCode>${code}</errorCode><errorDescription>${xmlEscape(description)}</errorDescription></UPnPError></detail></s:Fault>${ENVELOPE_CLOSE}`;
}
