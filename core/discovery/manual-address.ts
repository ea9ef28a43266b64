/** A host typed by a person for "add by address": an IP address or a DNS name, nothing else. */
const HOST_NAME = /^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*\.?$/i;
const IPV4 = /^(25[0-5]|2[0-4]\d|1?\d?\d)(\.(25[0-5]|2[0-4]\d|1?\d?\d)){3}$/;

export function parseManualHost(input: string): string | undefined {
  let host = input.trim();
  // People paste URLs: take the host out of "http://192.168.1.20/".
  if (/^[a-z]+:\/\//i.test(host)) {
    try {
      host = new URL(host).hostname;
    } catch {
      return undefined;
    }
  }
  host = host.replace(/^\[(.*)\]$/, '$1');
  if (IPV4.test(host) || HOST_NAME.test(host)) return host.toLowerCase();
  if (/^[0-9a-f:]+$/i.test(host) && host.includes(':') && host.length <= 45) return host.toLowerCase();
  return undefined;
}
