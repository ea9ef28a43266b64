/**
 * Opens the store in a data directory and builds its parts. Connecting them to the registry
 * and the API is hub.ts's job.
 */
import { enforcePrivateModes } from './file-modes';
import type { Clock, Timer } from '../util/clock';
import type { Logger } from '../util/logger';
import { BatchedWriter } from './batched-writer';
import { BrowserSessionStore } from './browser-sessions';
import { UserStore } from './users';
import { CalendarStore } from './calendars';
import { MeetingRecordStore } from './meeting-records';
import { openDatabase, type OpenedDatabase, type StoreProblem } from './database';
import { AutomationStore, SceneStore, TraceStore } from './automations';
import { DeviceOverrideStore } from './device-overrides';
import { DiscoveryDecisionStore } from './discovery-decisions';
import { HistoryStore } from './history';
import { keyFileCipher } from './key-file-cipher';
import { LearnedRateStore } from './learned-rates';
import { migrateLegacyJson } from './legacy-json';
import { LogbookStore } from './logbook';
import { RoomBehaviourStore } from './room-behaviours';
import { RoomStore } from './rooms';
import { SecretStore, type SecretCipher } from './secrets';
import { DAY_MS } from './history';
import { DEFAULT_HISTORY_RAW_DAYS, SettingsStore } from './settings';
import { DEFAULT_TRACE_DAYS, type LogbookEntry } from '../model';

export interface Store {
  readonly database: OpenedDatabase;
  /** The store file itself could not be used (kept aside, started empty). */
  readonly problem?: StoreProblem;
  /**
   * Everything that went wrong while opening: the store file, a JSON file from before that did not
   * migrate, a row that did not validate (later ones, found while reading, are added as they happen).
   */
  readonly problems: readonly StoreProblem[];
  /** Called with each problem found after opening (a damaged row read later). */
  onProblem(listener: (problem: StoreProblem) => void): () => void;
  readonly settings: SettingsStore;
  readonly rooms: RoomStore;
  readonly overrides: DeviceOverrideStore;
  /** Room behaviours and people (the rooms runner's RoomBehaviourRepository). */
  readonly roomBehaviours: RoomBehaviourStore;
  /** Added and ignored LAN devices (Discovery's DiscoveryRepository). */
  readonly discoveryDecisions: DiscoveryDecisionStore;
  /** How fast each room heats and cools, as learned. */
  readonly learnedRates: LearnedRateStore;
  readonly secrets: SecretStore;
  /** Signed-in browsers (the API's SessionRepository). */
  readonly browserSessions: BrowserSessionStore;
  /** Users and their hashed tokens (the API's UserRepository). */
  readonly users: UserStore;
  readonly history: HistoryStore;
  readonly logbook: LogbookStore;
  /** People's automations and scenes (the rule engine's repositories), and the traces of their runs. */
  readonly automations: AutomationStore;
  readonly scenes: SceneStore;
  readonly traces: TraceStore;
  /** Room calendars: config and last good events (core/calendars' CalendarRepository). */
  readonly calendars: CalendarStore;
  /** The meeting lifecycle's records (core/automations/meetings' MeetingRecordRepository). */
  readonly meetingRecords: MeetingRecordStore;
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
  const problems: StoreProblem[] = database.problem ? [database.problem] : [];
  const problemListeners = new Set<(problem: StoreProblem) => void>();
  const report = (problem: StoreProblem) => {
    logger.error(problem.message);
    problems.push(problem);
    for (const listener of [...problemListeners]) listener(problem);
  };
  try {
    migrateLegacyJson(database.main, options.dataDir, now, report);
    const writer = new BatchedWriter(database.history, clock, logger, options.batchIntervalMs);
    const settings = new SettingsStore(database.main);
    const history = new HistoryStore({
      db: database.history,
      writer,
      clock,
      rawDays: () => settings.get('historyRawDays') ?? DEFAULT_HISTORY_RAW_DAYS,
    });
    const logbook = new LogbookStore(database.history, writer, clock, options.onLogbookEntry);
    const traces = new TraceStore(database.history, writer);
    const cipher = options.cipher ?? keyFileCipher(options.dataDir, logger);
    if (cipher.warning) logger.warn(cipher.warning);
    // Now that the database (with its WAL) and the key file exist: SQLite gives new WAL files the database's mode.
    enforcePrivateModes(options.dataDir, logger);
    let started = false;
    let logbookTimer: Timer | undefined;
    const compactLogbook = () => {
      logbook.compact();
      logbookTimer = clock.setTimeout(compactLogbook, 60 * 60_000);
    };
    // Traces are kept `traceDays` (a setting, read each time): pruned at start and then daily.
    let traceTimer: Timer | undefined;
    const pruneTraces = () => {
      traces.prune(clock.now() - (settings.get('traceDays') ?? DEFAULT_TRACE_DAYS) * DAY_MS);
      traceTimer = clock.setTimeout(pruneTraces, DAY_MS);
    };
    return {
      database,
      problem: database.problem,
      problems,
      onProblem(listener) {
        problemListeners.add(listener);
        return () => problemListeners.delete(listener);
      },
      settings,
      rooms: new RoomStore(database.main),
      overrides: new DeviceOverrideStore(database.main, now),
      roomBehaviours: new RoomBehaviourStore(database.main, now, report),
      discoveryDecisions: new DiscoveryDecisionStore(database.main, now, report),
      learnedRates: new LearnedRateStore(database.main, now, report),
      secrets: new SecretStore(database.main, cipher, now),
      browserSessions: new BrowserSessionStore(database.main),
      users: new UserStore(database.main),
      history,
      logbook,
      automations: new AutomationStore(database.main, now, report),
      scenes: new SceneStore(database.main, now, report),
      traces,
      calendars: new CalendarStore(database.main, now, report),
      meetingRecords: new MeetingRecordStore(database.main, now, report),
      writer,
      start() {
        if (started) return;
        started = true;
        history.start();
        compactLogbook();
        pruneTraces();
      },
      close() {
        history.stop();
        if (logbookTimer !== undefined) clock.clearTimeout(logbookTimer);
        if (traceTimer !== undefined) clock.clearTimeout(traceTimer);
        writer.stop();
        database.close();
      },
    };
  } catch (error) {
    database.close();
    throw error;
  }
}
