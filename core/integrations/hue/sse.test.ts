import { describe, expect, it } from 'vitest';
import { SseParser } from './sse';

function collect(max?: number) {
  const events: string[] = [];
  const parser = new SseParser((d) => events.push(d), max);
  return { events, parser };
}

describe('SseParser (Hue eventstream framing)', () => {
  it('a CRLF split across two chunks stays one line end: one event "a\\nb"', () => {
    const { events, parser } = collect();
    parser.push('data: a\r');
    parser.push('\ndata: b\r\n\r\n');
    expect(events).toEqual(['a\nb']);
  });

  it.each([
    ['LF', 'data: x\n\n'],
    ['CRLF', 'data: x\r\n\r\n'],
    // A CR that ends a chunk may be the first half of a CRLF: it counts once the next character is in.
    ['CR', 'data: x\r\r:'],
  ])('%s line ends', (_name, text) => {
    const { events, parser } = collect();
    parser.push(text);
    expect(events).toEqual(['x']);
  });

  // A lone CR at the end of a chunk is held until the next line end arrives (it may be half a CRLF),
  // so a CR-only stream's event can come one line late, never split or lost. Hue sends LF.
  it('every split point of a stream gives the same events', () => {
    const stream = ': hi\r\nid: 1\r\ndata: [{"a":1}]\r\n\r\nevent: x\ndata: two\ndata:lines\n\ndata: last\r\r: next\n';
    for (let i = 0; i <= stream.length; i++) {
      const { events, parser } = collect();
      parser.push(stream.slice(0, i));
      parser.push(stream.slice(i));
      expect(events, `split at ${i}`).toEqual(['[{"a":1}]', 'two\nlines', 'last']);
    }
  });

  it('an event is delivered only once its blank line arrives', () => {
    const { events, parser } = collect();
    parser.push('data: a\n');
    expect(events).toEqual([]);
    parser.push('\n');
    expect(events).toEqual(['a']);
  });

  it('comments, unknown fields and events without data are ignored', () => {
    const { events, parser } = collect();
    parser.push(': keep-alive\n\nfoo: bar\nid: 7\n\nretry: 10\n\ndata: ok\n\n');
    expect(events).toEqual(['ok']);
  });

  it('an endless line is dropped at the cap and the stream recovers', () => {
    const { events, parser } = collect(1000);
    parser.push('data: ');
    for (let i = 0; i < 50; i++) parser.push('x'.repeat(100)); // 5000 chars, never ended
    expect(parser.dropped).toBeGreaterThanOrEqual(1);
    parser.push('\n\ndata: after\n\n');
    expect(events.at(-1)).toBe('after');
    expect(events.every((e) => e.length <= 1000)).toBe(true);
  });

  it('an event of many short lines that never ends is dropped at the cap too', () => {
    const { events, parser } = collect(1000);
    for (let i = 0; i < 200; i++) parser.push('data: 0123456789\n');
    expect(parser.dropped).toBeGreaterThanOrEqual(1);
    parser.push('\ndata: after\n\n');
    expect(events.at(-1)).toBe('after');
    expect(events.every((e) => e.length <= 1000)).toBe(true);
  });
});
