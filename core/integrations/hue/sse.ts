/**
 * Server-sent events (the Hue eventstream): text chunks in, the `data` of each complete event out.
 * Framing is eventsource-parser's (the WHATWG rules: CR, LF and CRLF line ends, also split across
 * chunks; `data:` lines joined by "\n"; comments and unknown fields ignored).
 */
import { createParser, type EventSourceParser } from 'eventsource-parser';

/**
 * A line or event larger than this is dropped rather than buffered: a bridge (or anything posing
 * as one) that streams without ever ending a line must not grow the hub's memory without bound.
 * Hue events are a few kB.
 */
export const MAX_SSE_BUFFER = 1 << 20;

export class SseParser {
  private readonly parser: EventSourceParser;
  /** Events dropped for exceeding MAX_SSE_BUFFER. */
  dropped = 0;

  constructor(
    private readonly onData: (data: string) => void,
    maxBufferSize = MAX_SSE_BUFFER,
  ) {
    this.parser = createParser({
      maxBufferSize,
      onEvent: (event) => {
        if (event.data) this.onData(event.data);
      },
      onError: (error) => {
        if (error.type !== 'max-buffer-size-exceeded') return;
        // The parser has discarded what it held and stopped; start again with the next chunk.
        // The rest of the runaway event may then arrive as a fragment, which the caller's
        // JSON.parse rejects.
        this.dropped++;
        this.parser.reset();
      },
    });
  }

  push(chunk: string): void {
    this.parser.feed(chunk);
  }
}
