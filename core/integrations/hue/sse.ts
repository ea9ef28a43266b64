/** Server-sent events (the Hue eventstream): text chunks in, the `data` of each complete event out. */
const MAX_BUFFER = 1 << 20;

export class SseParser {
  private buffer = '';

  constructor(private readonly onData: (data: string) => void) {}

  push(chunk: string): void {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    if (this.buffer.length > MAX_BUFFER) this.buffer = ''; // a runaway event is dropped, not buffered forever
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      const data = block
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .map((line) => line.slice(5).replace(/^ /, ''))
        .join('\n');
      if (data) this.onData(data);
    }
  }
}
