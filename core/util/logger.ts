export interface Logger {
  /** false when debug() writes nothing, so a hot path can skip building the message. */
  readonly debugEnabled?: boolean;
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
  error(message: string): void;
}

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
const ORDER: LogLevel[] = ['debug', 'info', 'warn', 'error'];

/** Console logger with a level threshold; the hub's only output besides the UI. */
export function consoleLogger(level: LogLevel = 'info', prefix = 'homeroom'): Logger {
  const min = ORDER.indexOf(level);
  const at = (l: LogLevel, write: (s: string) => void) => (message: string) => {
    if (ORDER.indexOf(l) >= min) write(`${new Date().toISOString()} ${l.padEnd(5)} [${prefix}] ${message}`);
  };
  return {
    debugEnabled: min === 0,
    debug: at('debug', console.debug),
    info: at('info', console.info),
    warn: at('warn', console.warn),
    error: at('error', console.error),
  };
}

export const silentLogger: Logger = { debugEnabled: false, debug() {}, info() {}, warn() {}, error() {} };
