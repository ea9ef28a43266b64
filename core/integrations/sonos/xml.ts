/**
 * XML in and out for UPnP, with fast-xml-parser: namespace prefixes dropped (Sonos mixes `u:`,
 * `s:`, `dc:`, `upnp:`), every value kept as a string, attributes as plain keys. Device answers
 * are untrusted: a DOCTYPE (the door to entity expansion) is refused and sizes are capped.
 */
import { XMLParser } from 'fast-xml-parser';

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  processEntities: true,
  htmlEntities: true,
  ignoreDeclaration: true,
});

export const MAX_XML_BYTES = 512 * 1024;

export class XmlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'XmlError';
  }
}

export type XmlNode = { [key: string]: XmlValue };
export type XmlValue = string | XmlNode | XmlValue[];

export function parseXml(text: string): XmlNode {
  if (text.length > MAX_XML_BYTES) throw new XmlError('XML document too large');
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new XmlError('XML with a DOCTYPE is not accepted');
  try {
    return parser.parse(text) as XmlNode;
  } catch (error) {
    throw new XmlError(`not well-formed XML: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Escapes text for an XML element or attribute (everything put into a SOAP body goes through here). */
export function xmlEscape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** Follows a path of element names; undefined when any step is missing. */
export function child(node: XmlValue | undefined, ...path: string[]): XmlValue | undefined {
  let current: XmlValue | undefined = node;
  for (const name of path) {
    if (current === undefined || typeof current === 'string') return undefined;
    if (Array.isArray(current)) current = current[0];
    if (current === undefined || typeof current === 'string' || Array.isArray(current)) return undefined;
    current = current[name];
  }
  return current;
}

/** The text of an element: a string, or `#text` of an element that also has attributes. */
export function text(node: XmlValue | undefined): string | undefined {
  if (typeof node === 'string') return node;
  if (Array.isArray(node)) return text(node[0]);
  if (node && typeof node['#text'] === 'string') return node['#text'];
  if (node && typeof node === 'object' && Object.keys(node).every((k) => !k.startsWith('#')) && Object.keys(node).length === 0)
    return '';
  return undefined;
}

/** An attribute of an element (`<Volume channel="Master" val="40"/>` → `attr(v, 'val')`). */
export function attr(node: XmlValue | undefined, name: string): string | undefined {
  const n = Array.isArray(node) ? node[0] : node;
  if (!n || typeof n === 'string' || Array.isArray(n)) return undefined;
  const value = n[name];
  return typeof value === 'string' ? value : undefined;
}

export function list(node: XmlValue | undefined): XmlValue[] {
  if (node === undefined) return [];
  return Array.isArray(node) ? node : [node];
}
