/** Test-only: the recorded Sonos exchanges in fixtures/protocols/speakers/sonos. */
import { protocolFile } from '../../../fixtures';

/** A recorded file without its final newline (which CONTENT-LENGTH does not count). */
export function recorded(name: string): string {
  return protocolFile(`speakers/sonos/${name}`).replace(/\n$/, '');
}

/** A recorded request split into its request line, header lines and body. */
export function recordedRequest(name: string) {
  const [head = '', body = ''] = recorded(name).split('\r\n\r\n');
  const [requestLine, ...headers] = head.split('\r\n');
  return { requestLine, headers, body };
}
