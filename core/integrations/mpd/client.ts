/**
 * One TCP connection to an MPD server: waits for the greeting, sends `password` when there is
 * one, then answers commands strictly in order (MPD answers one command at a time, so a FIFO of
 * waiters is enough). The connection ends on a socket error, on close or on a timeout, and
 * says why once through `closed`.
 */
import { DEVICE_BODY_LIMIT, sizeText } from '../lan/http';
import net from 'node:net';
import { closeSignal } from '../lan/session';
import { commandLine, commandList, isTerminator, MpdAckError, parseAck, parseGreeting, splitListResults } from './protocol';

export interface MpdAddress {
  host: string;
  port: number;
}

export interface MpdConnectOptions {
  password?: string;
  /** Connect, greeting and each answer (except `idle`, which waits for a change). */
  timeoutMs?: number;
}

interface Waiter {
  lines: string[];
  /** Characters of the answer so far: capped like any device's answer. */
  size?: number;
  resolve(lines: string[]): void;
  reject(error: Error): void;
  timer?: ReturnType<typeof setTimeout>;
}

const MAX_LINE = 64 * 1024;
const MAX_ANSWER_LINES = 20_000;

export class MpdConnection {
  readonly closed: Promise<string>;
  version = '';
  private readonly endSignal: (reason: string) => void;
  private buffer = '';
  private readonly waiters: Waiter[] = [];
  private ended = false;

  private constructor(
    private readonly socket: net.Socket,
    private readonly timeoutMs: number,
  ) {
    const { closed, end } = closeSignal();
    this.closed = closed;
    this.endSignal = end;
  }

  static async open(address: MpdAddress, options: MpdConnectOptions = {}): Promise<MpdConnection> {
    const timeoutMs = options.timeoutMs ?? 3000;
    const socket = net.connect({ host: address.host, port: address.port });
    socket.setNoDelay(true);
    socket.setEncoding('utf8');
    const connection = new MpdConnection(socket, timeoutMs);
    // The greeting is the answer to "connecting".
    const greeting = connection.expect(timeoutMs, true);
    socket.on('data', (chunk: string) => connection.onData(chunk));
    socket.on('error', (error: NodeJS.ErrnoException) => connection.end(describeSocketError(error, timeoutMs)));
    socket.on('close', () => connection.end('closed the connection'));
    try {
      const [line = ''] = await greeting;
      const version = parseGreeting(line);
      if (!version) throw new Error('does not answer like an MPD server');
      connection.version = version;
      if (options.password !== undefined) await connection.command(commandLine('password', options.password));
      return connection;
    } catch (error) {
      connection.close();
      throw error;
    }
  }

  /** One command; resolves with its answer lines (without `OK`), rejects with MpdAckError. */
  command(line: string, timeoutMs = this.timeoutMs): Promise<string[]> {
    if (this.ended) return Promise.reject(new Error('connection closed'));
    const answer = this.expect(timeoutMs);
    this.socket.write(`${line}\n`);
    return answer;
  }

  /** Several commands in one round trip; one line group per command. */
  async commands(lines: string[]): Promise<string[][]> {
    const list = commandList(lines);
    if (this.ended) throw new Error('connection closed');
    const answer = this.expect(this.timeoutMs);
    this.socket.write(list.map((l) => `${l}\n`).join(''));
    return lines.length === 1 ? [await answer] : splitListResults(await answer);
  }

  /** Waits for a change without a timeout (the server holds `idle` open until something happens). */
  idle(subsystems: string[]): Promise<string[]> {
    // Subsystem names are bare words in MPD's own examples; they are constants here, never input.
    if (!subsystems.every((s) => /^[a-z_]+$/.test(s))) return Promise.reject(new Error('invalid subsystem'));
    return this.command(['idle', ...subsystems].join(' '), 0);
  }

  close(): void {
    this.end('stopped');
  }

  private expect(timeoutMs: number, greeting = false): Promise<string[]> {
    return new Promise((resolve, reject) => {
      const waiter: Waiter = { lines: [], resolve, reject };
      if (greeting) waiter.lines.push('\u0000greeting'); // ends at the first line
      if (timeoutMs > 0) waiter.timer = setTimeout(() => this.end(`did not answer within ${timeoutMs / 1000} s`), timeoutMs);
      this.waiters.push(waiter);
    });
  }

  private onData(chunk: string): void {
    this.buffer += chunk;
    let newline: number;
    while ((newline = this.buffer.indexOf('\n')) >= 0) {
      const line = this.buffer.slice(0, newline);
      this.buffer = this.buffer.slice(newline + 1);
      this.onLine(line);
    }
    if (this.buffer.length > MAX_LINE) this.end('sent a line that is too long');
  }

  private onLine(line: string): void {
    const waiter = this.waiters[0];
    if (!waiter) return this.end(`sent an unexpected line: ${line.slice(0, 80)}`);
    const greeting = waiter.lines[0] === '\u0000greeting';
    if (!greeting && !isTerminator(line)) {
      waiter.lines.push(line);
      waiter.size = (waiter.size ?? 0) + line.length + 1;
      if (waiter.size > DEVICE_BODY_LIMIT) this.end(`sent an answer of more than ${sizeText(DEVICE_BODY_LIMIT)}`);
      else if (waiter.lines.length > MAX_ANSWER_LINES) this.end('sent an answer that is too long');
      return;
    }
    this.waiters.shift();
    clearTimeout(waiter.timer);
    if (greeting) return waiter.resolve([line]);
    const ack = parseAck(line);
    if (ack) waiter.reject(ack);
    else waiter.resolve(waiter.lines);
  }

  private end(reason: string): void {
    if (this.ended) return;
    this.ended = true;
    this.socket.destroy();
    for (const waiter of this.waiters.splice(0)) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(reason));
    }
    this.endSignal(reason);
  }
}

export function describeSocketError(error: NodeJS.ErrnoException, timeoutMs: number): string {
  switch (error.code) {
    case 'ECONNREFUSED':
      return 'refused the connection';
    case 'ECONNRESET':
    case 'EPIPE':
      return 'dropped the connection';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'is not reachable on the network';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'has a name that does not resolve';
    case 'ETIMEDOUT':
      return `did not answer within ${timeoutMs / 1000} s`;
    default:
      return error.message;
  }
}

export { MpdAckError };
