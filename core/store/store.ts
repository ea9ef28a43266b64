/**
 * Opens the store in a data directory and builds its parts. Connecting them to the registry
 * and the API is hub.ts's job.
 */
import type { Clock, Timer } from '../util/clock';
import type { Logger } from '../util/logger';
import { BatchedWriter } from './batched-writer';
import { openDatabase, type OpenedDatabase, type StoreProblem } from './database';
import { DeviceOverrideStore } from './device-overrides';
import { HistoryStore } from './history';
import { keyFileCipher } from './key-file-cipher';
import { LogbookStore } from './logbook';
import { RoomStore } from './rooms';
import { SecretStore, type SecretCipher } from './secrets';
import { DEFAULT_HISTORY_RAW_DAYS, SettingsStore } from './settings';
import type { LogbookEntry } from '../model';

export interface Store {
  readonly database: OpenedDatabase;
  readonly problem?: StoreProblem;
  readonly settings: SettingsStore;
  readonly rooms: RoomStore;
  readonly overrides: DeviceOverrideStore;
  readonly secrets: SecretStore;
  readonly history: HistoryStore;
  readonly logbook: LogbookStore;
  readonly writer: BatchedWriter;
  /** Starts compaction timers. */
  start(): void;
  /** Writes what is queued and closes the file. */
  close(): void;
}

export interface OpenStoreOptions {
  dataDir: string;
  clock: Clock;
  logger: Logger;
  /** Default: AES-256-GCM with a key file in dataDir (the headless hub). */
  cipher?: SecretCipher;
  onLogbookEntry?: (entry: LogbookEntry) => void;
  /** History/logbook batch interval (default 1000 ms). */
  batchIntervalMs?: number;
}

export function openStore(options: OpenStoreOptions): Store {
  const { clock, logger } = options;
  const database = openDatabase(options);
  const now = () => clock.now();
  try {
    const writer = new BatchedWriter(database.history, clock, logger, options.batchIntervalMs);
    const settings = new SettingsStore(database.main);
    const history = new HistoryStore({
      db: database.history,
      writer,
      clock,
      rawDays: () => settings.get('historyRawDays') ?? DEFAULT_HISTORY_RAW_DAYS,
    });
    const logbook = new LogbookStore(database.history, writer, clock, options.onLogbookEntry);
    const cipher = options.cipher ?? keyFileCipher(options.dataDir, logger);
    if (cipher.warning) logger.warn(cipher.warning);
    let started = false;
    let logbookTimer: Timer | undefined;
    const compactLogbook = () => {
      logbook.compact();
      logbookTimer = clock.setTimeout(compactLogbook, 60 * 60_000);
    };
    return {
      database,
      problem: database.problem,
      settings,
      rooms: new RoomStore(database.main),
      overrides: new DeviceOverrideStore(database.main, now),
      secrets: new SecretStore(database.main, cipher, now),
      history,
      logbook,
      writer,
      start() {
        if (started) return;
        started = true;
        history.start();
        compactLogbook();
      },
      close() {
        history.stop();
        if (logbookTimer !== undefined) clock.clearTimeout(logbookTimer);
        writer.stop();
        database.close();
      },
    };
  } catch (error) {
    database.close();
    throw error;
  }
}
