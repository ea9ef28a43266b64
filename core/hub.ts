/**
 * The composition root: the only place that constructs the hub's parts and connects them.
 * Used by the headless hub (cli.ts), the Electron shell and tests alike.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { textFormatFor, type BrokerLan, type MqttStatus, type Settings, type TextFormat } from './model';
import type { EventStreamSource } from './api/event-stream';
import { createHandlers, type Handlers } from './api/handlers';
import { HubServer } from './api/server';
import { guardHandlers } from './api/access';
import { BrowserSessions, MemorySessionRepository } from './api/sessions';
import { MemoryUserRepository, newToken, UserDirectory } from './api/users';
import { createMqttConnection } from './broker/connection';
import { startEmbeddedBroker, type EmbeddedBroker } from './broker/embedded';
import { BrokerLanController } from './broker/lan';
import { SwitchableMqttConnection } from './broker/switchable';
import type { SettingsSource } from './api/settings-handlers';
import type { Integration } from './integrations/integration';
import { Demo, DEMO_PAST_DAYS, type DemoLayout, type DemoPastSeries, type DemoScenario } from './demo';
import { MqttHaIntegration } from './integrations/mqtt-ha/integration';
import { Discovery } from './discovery/discovery';
import { MdnsBrowser } from './discovery/mdns-browser';
import { MemoryDiscoveryRepository } from './discovery/repository';
import { SSDP_TARGETS } from './discovery/ssdp';
import { SsdpSearcher } from './discovery/ssdp-searcher';
import type { LanIntegration } from './discovery/types';
import { ElgatoIntegration } from './integrations/elgato/integration';
import { HueIntegration } from './integrations/hue/integration';
import { MpdIntegration } from './integrations/mpd/integration';
import { MemorySecretStore, type SecretStore } from './integrations/secrets';
import { ShellyIntegration } from './integrations/shelly/integration';
import { SonosIntegration } from './integrations/sonos/integration';
import { WledIntegration } from './integrations/wled/integration';
import { attachRoomLogbook } from './automations/rooms/logbook';
import { InMemoryRepository } from './automations/rooms/repository';
import { RoomRunner } from './automations/rooms/runner';
import { MemoryTraces, memoryAutomations, memoryScenes } from './automations/rules/repository';
import { AutomationRunner } from './automations/rules/runner';
import { MemoryMeetingRecords } from './automations/meetings/repository';
import { MeetingRunner } from './automations/meetings/runner';
import type { RoomCalendarFeed } from './model/booking';
import { MemoryCalendarRepository } from './calendars/repository';
import { RoomCalendars } from './calendars/room-calendars';
import { Registry } from './registry/registry';
import { DailyBackups } from './store/daily-backups';
import { createStoreEvents } from './store/events';
import { exportBackup } from './store/export-import';
import { LogbookRecorder } from './store/logbook';
import { describeSeriesChange } from './store/logbook-messages';
import type { SecretCipher } from './store/secrets';
import { MemorySettingsStore } from './store/settings';
import { openStore, type Store } from './store/store';
import { withoutPassword } from './util/url';
import { systemClock, type Clock } from './util/clock';
import { consoleLogger, type Logger } from './util/logger';
import { HUB_VERSION } from './version';

export interface HubSettings {
  /**
   * The user's broker (mqtt://, mqtts://, ws://, wss://, optionally with user:password@), as `--mqtt`: wins over the
   * stored setting. Unset: the broker in the settings, else the embedded one.
   */
  mqttUrl?: string;
  mqttUsername?: string;
  mqttPassword?: string;
  /** Port of the embedded broker (0 = any free port). */
  embeddedBrokerPort?: number;
  /** `--mqtt-listen`: the embedded broker's network listener for devices; wins over the `brokerLan` setting. */
  brokerLan?: BrokerLan;
  /** Serve the HubApi and the UI over HTTP (the headless hub); the desktop app uses IPC instead. */
  http?: {
    host: string;
    port: number;
    /** The owner's token (the first admin); default: a random one. */
    token?: string;
    uiDir: string;
    /** Keeps the owner's token when it is renewed from Settings (the cli writes `hub-token`). */
    saveToken?: (token: string) => void;
    /** Host names served besides loopback and `host` (`--allow-host`); others get 421. */
    allowedHosts?: string[];
  };
  confirmTimeoutMs?: number;
  commandTtlMs?: number;
  /** Start a virtual home at once (`npm run hub -- --demo`). Needs the embedded broker. */
  demo?: { scenario: DemoScenario; speed?: number; seed?: number };
  /** Where the store (homeroom.db) lives: `--data DIR` for the hub, Electron's userData. Unset: nothing is persisted. */
  dataDir?: string;
  /**
   * Browse mDNS (and search SSDP) for LAN devices. Multicast: only the real product enables it (cli, Electron); tests and
   * demos never do outside scripts/netns.sh. Unset or disabled: adding by address still works.
   * `interfaces`: names or IPv4 addresses; default every non-internal interface.
   */
  discovery?: { enabled: boolean; interfaces?: string[] };
}

/** The secret store's key for the password of the broker in the settings (never a plain setting). */
export const MQTT_PASSWORD_SECRET = 'mqtt:password';

type BrokerChoice = { url: string; username?: string; password?: string };

export interface Hub {
  readonly registry: Registry;
  readonly handlers: Handlers;
  /** Set when the hub serves HTTP. */
  readonly url?: string;
  /** The owner's token (the first admin's), current even after it was renewed from Settings. */
  readonly token?: string;
  /** People and their tokens. */
  readonly users: UserDirectory;
  readonly mqttUrl: string;
  /** Set when the hub has a data directory. */
  readonly store?: Store;
  /** What an event feed (a WebSocket session, the Electron window) subscribes to. */
  readonly eventSource: EventStreamSource;
  /** The discovery inbox and the LAN devices it added. */
  readonly discovery: Discovery;
  /** Room behaviours: occupancy, lighting, climate, explanations. */
  readonly rooms: RoomRunner;
  /** People's automations and scenes. */
  readonly automations: AutomationRunner;
  /** Meeting rooms: their bookings' lifecycle, boards and utilisation. */
  readonly meetings: MeetingRunner;
  /** Meeting rooms' calendars: the RoomCalendarFeed the meeting lifecycle reads (events, onChange, write-back). */
  readonly calendars: RoomCalendars;
  mqttStatus(): MqttStatus;
  onMqttStatus(listener: (status: MqttStatus) => void): () => void;
  stop(): Promise<void>;
}

export async function startHub(
  settings: HubSettings,
  deps: {
    clock?: Clock;
    logger?: Logger;
    /** Seals secrets; default: a key file in dataDir. Electron passes safeStorage. */ secretCipher?: SecretCipher;
    /** Another source of the meeting rooms' bookings (tests); default: the hub's own calendars (core/calendars). */
    calendars?: RoomCalendarFeed;
  } = {},
): Promise<Hub> {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? consoleLogger();
  const startedAt = clock.now();
  const cleanups: (() => Promise<void> | void)[] = [];
  let stopped = false;
  const stop = async () => {
    stopped = true;
    for (const cleanup of cleanups.splice(0).reverse()) {
      try {
        await cleanup();
      } catch (error) {
        logger.warn(`shutdown step failed: ${String(error)}`);
      }
    }
  };

  try {
    const registry = new Registry({ clock, logger, confirmTimeoutMs: settings.confirmTimeoutMs });
    const storeEvents = createStoreEvents(logger);

    // Sentences the hub writes (logbook, explanations, room status) use the stored units and time format: kept
    // current from settingsChanged (every change, a restore included, emits it), read when each sentence is built.
    let currentFormat: TextFormat = textFormatFor({});
    const textFormat = () => currentFormat;
    // The store first: overrides must be in the registry before integrations announce devices.
    let store: Store | undefined;
    if (settings.dataDir) {
      const opened = openStore({
        dataDir: settings.dataDir,
        clock,
        logger,
        cipher: deps.secretCipher,
        onLogbookEntry: (entry) => storeEvents.emit('logbookEntry', entry),
      });
      store = opened;
      cleanups.push(() => opened.close());
      // The store file, a JSON file from before that did not migrate, a row that did not validate.
      const report = (problem: { message: string }) =>
        registry.addDiagnostic({ level: 'error', subject: 'Store', message: problem.message });
      opened.problems.forEach(report);
      cleanups.push(opened.onProblem(report));
      registry.setOverrides(opened.overrides.all());
      const recorder = new LogbookRecorder(opened.logbook, clock, () => textFormat());
      const offs = [
        registry.events.on('deviceChanged', 'store', (device) => {
          opened.history.observe(device);
          recorder.onDeviceChanged(device);
        }),
        registry.events.on('commandUpdate', 'store', (update) => recorder.onCommandUpdate(update)),
        registry.events.on('deviceRemoved', 'store', ({ id }) => recorder.onDeviceRemoved(id)),
      ];
      cleanups.push(() => offs.forEach((off) => off()));
      opened.start();
      logger.info(`store: ${opened.database.path}`);
    }

    if (settings.demo && settings.mqttUrl)
      throw new Error('A virtual home runs only on the hub’s own broker: leave out the MQTT URL when starting a demo');
    // Settings: the store's table, or memory without a data folder. The broker URL in them is used unless --mqtt is given.
    const storedSettings: SettingsSource = store?.settings ?? new MemorySettingsStore();
    currentFormat = textFormatFor(storedSettings.all());
    const secrets: SecretStore = store?.secrets ?? new MemorySecretStore();
    let embeddedUrl: string | undefined;
    let embeddedBroker: EmbeddedBroker | undefined;
    // Real devices reach the embedded broker through its own listener (opt-in, never anonymous); the hub stays on loopback.
    const brokerLan = new BrokerLanController({
      secrets,
      logger,
      override: settings.brokerLan,
      broker: () => embeddedBroker,
    });
    const ensureEmbedded = async (): Promise<string> => {
      if (embeddedUrl) return embeddedUrl;
      const broker = await startEmbeddedBroker({ host: '127.0.0.1', port: settings.embeddedBrokerPort ?? 1883 });
      cleanups.push(() => broker.close());
      cleanups.push(() => brokerLan.stop());
      logger.info(`embedded MQTT broker listening on ${broker.url}`);
      embeddedBroker = broker;
      await brokerLan.apply(storedSettings.all().brokerLan);
      return (embeddedUrl = broker.url);
    };
    /** The broker the settings ask for; undefined: the embedded one. A demo always runs on the embedded broker. */
    const brokerFor = (stored: Settings): BrokerChoice | undefined => {
      if (settings.mqttUrl) return { url: settings.mqttUrl, username: settings.mqttUsername, password: settings.mqttPassword };
      if (settings.demo || !stored.mqttUrl) return undefined;
      return { url: stored.mqttUrl, username: stored.mqttUsername, password: secrets.get(MQTT_PASSWORD_SECRET) };
    };
    let broker = brokerFor(storedSettings.all());
    let mqttUrl = broker?.url ?? (await ensureEmbedded());
    // Enabled while the hub uses the user's broker: the status says why it is not listening.
    if (broker) await brokerLan.apply(storedSettings.all().brokerLan);
    let embedded = !broker;
    const connectionTo = (choice: BrokerChoice | undefined, url: string) => () =>
      createMqttConnection({ url, username: choice?.username, password: choice?.password, embedded: !choice, clock, logger });
    const connection = new SwitchableMqttConnection(mqttUrl, connectionTo(broker, mqttUrl), clock);
    cleanups.push(() => connection.stop());
    /** A changed broker URL (or username) reconnects the hub; problems show in the MQTT status as always. */
    const switchBroker = async (stored: Settings, force = false) => {
      const next = brokerFor(stored);
      if (stopped || (!force && next?.url === broker?.url && next?.username === broker?.username)) return;
      // A new password for the broker the hub already uses: reconnect to it, nothing else changes.
      if (force && next?.url === broker?.url && !next === !broker) {
        broker = next;
        if (next) await connection.switchTo(next.url, connectionTo(next, next.url));
        return;
      }
      broker = next;
      const url = next?.url ?? (await ensureEmbedded());
      // Leaving the embedded broker: the virtual home's devices would no longer reach the hub.
      if (next) await demo.stop();
      mqttUrl = url;
      embedded = !next;
      logger.info(`MQTT: switching to ${embedded ? 'the embedded broker' : withoutPassword(url)}`);
      await connection.switchTo(url, connectionTo(next, url));
    };
    // One switch at a time, in the order the settings changed: the last change is where the hub ends up.
    let brokerChanges = Promise.resolve();
    const applyBroker = (stored: Settings, force = false) => {
      brokerChanges = brokerChanges
        .then(() => switchBroker(stored, force))
        .catch((error: unknown) => logger.error(`MQTT: switching brokers failed: ${String(error)}`));
    };

    const integrations: Integration[] = [
      new MqttHaIntegration({ connection, clock, commandTtlMs: settings.commandTtlMs, host: registry.hostFor('mqtt') }),
    ];
    // LAN devices (Shelly, WLED, Hue, Elgato): found and remembered by discovery; secrets in the store when there is one.
    const lanIntegrations: LanIntegration[] = [
      new ShellyIntegration({ host: registry.hostFor('shelly'), clock, secrets }),
      new WledIntegration({ host: registry.hostFor('wled'), clock }),
      new HueIntegration({ host: registry.hostFor('hue'), clock, secrets }),
      new ElgatoIntegration({ host: registry.hostFor('elgato'), clock }),
      // Speakers: MPD (password in the secret store) and Sonos (GENA events to a listener opened with the first player).
      new MpdIntegration({ host: registry.hostFor('mpd'), clock, secrets }),
      new SonosIntegration({ host: registry.hostFor('sonos'), clock }),
    ];
    integrations.push(...lanIntegrations);
    const discovery = new Discovery({
      integrations: lanIntegrations,
      repository: store?.discoveryDecisions ?? new MemoryDiscoveryRepository(),
      clock,
      logger,
      assign: (id, update) =>
        registry.setOverride(id, store ? store.overrides.update(id, update) : { ...registry.getOverride(id), ...update }),
      device: (id) => registry.get(id),
      roomExists: store ? (roomId) => store.rooms.get(roomId) !== undefined : undefined,
      diagnostic: (message) => registry.addDiagnostic({ level: 'warning', subject: 'Discovery', message }),
    });
    for (const integration of integrations) registry.addIntegration(integration);

    // The demo's rooms are created like a person would create them; devices someone moved stay where they are.
    const arrangeDemo = (layout: DemoLayout) => {
      if (!store) return;
      for (const { room, kind, deviceIds, calendar } of layout) {
        const target = store.rooms.list().find((r) => r.name === room) ?? store.rooms.create({ name: room, kind });
        for (const id of deviceIds)
          if (!registry.getOverride(id)?.roomId) registry.setOverride(id, store.overrides.update(id, { roomId: target.id }));
        // A meeting room reads the virtual office's calendar, unless someone gave it one of their own (the demo's
        // servers take new ports on every start, so a calendar on 127.0.0.1 is taken to be the demo's).
        const current = calendars.status(target.id);
        if (calendar && (!current || (current.url !== null && new URL(current.url).hostname === '127.0.0.1')))
          void calendars
            .configure(target.id, calendar)
            .catch((error: unknown) => logger.warn(`demo calendar for ${room}: ${String(error)}`));
      }
      storeEvents.emit('roomsChanged', { rooms: store.rooms.list() });
    };
    // The days before the demo's first start: history (charts) and the logbook's on/off changes, written once.
    const writeDemoPast = (series: DemoPastSeries[], before: number) => {
      if (!store) return;
      let points = 0;
      for (const s of series) {
        const written = store.history.backfill(s.deviceId, s.capability, s.points, before);
        points += written.length;
        const roomId = registry.getOverride(s.deviceId)?.roomId;
        // The first value is where the past starts, not a change.
        for (const p of written.slice(1)) {
          const message = describeSeriesChange(s.name, s.capability, p.value);
          if (message)
            store.logbook.append({
              at: p.at,
              deviceId: s.deviceId,
              ...(roomId ? { roomId } : {}),
              message,
              cause: { kind: 'device' },
            });
        }
      }
      if (points) logger.info(`virtual home: ${points} readings from the ${DEMO_PAST_DAYS} days before written to history`);
    };
    const demo = new Demo({
      brokerUrl: () => (embedded ? mqttUrl : undefined),
      speed: settings.demo?.speed ?? 5,
      seed: settings.demo?.seed ?? 1,
      logger,
      arrange: arrangeDemo,
      past: store ? writeDemoPast : undefined,
    });
    cleanups.push(() => demo.stop());

    // Room behaviours (occupancy, lighting, climate), people and learned rates: in the store when there is one.
    const roomRepository = store?.roomBehaviours ?? new InMemoryRepository();
    // The meeting lifecycle (below) steers a meeting room's climate and lights through the room's own evaluation.
    const later: { meetings?: MeetingRunner } = {};
    const rooms = new RoomRunner({
      meetings: (roomId) => later.meetings?.directive(roomId),
      registry,
      clock,
      repository: roomRepository,
      rooms: () => store?.rooms.list() ?? [],
      rates: store?.learnedRates,
      location: () => storedSettings.all().location,
      format: () => textFormat(),
      logger,
    });
    if (store) {
      const detach = attachRoomLogbook(rooms, (entry) => store!.logbook.append(entry));
      cleanups.push(detach);
    }

    // People and their tokens; the hub's own token is the owner's (the first admin). The desktop window (IPC) is
    // the owner too: without HTTP the owner gets a token nobody is shown until it is renewed in Settings.
    const users = new UserDirectory({ repository: store?.users ?? new MemoryUserRepository(), clock });
    let httpToken = settings.http && (settings.http.token ?? randomBytes(24).toString('base64url'));
    const owner = httpToken ? users.ensureOwner(httpToken) : (users.owner() ?? users.ensureOwner(newToken()));
    // Signed-in browsers: kept in the store (a wall tablet stays signed in across restarts), else in memory.
    const sessions = new BrowserSessions({
      repository: store?.browserSessions ?? new MemorySessionRepository(),
      clock,
      users,
    });
    if (httpToken) sessions.adoptLegacy(httpToken, { userId: owner.id, tokenHash: owner.tokenHash });
    cleanups.push(
      users.onChange((userId, change) => {
        if (change !== 'access') sessions.endUser(userId);
      }),
    );
    let url: string | undefined;
    // One backup a day in <data>/backups (and one before each restore), kept 7 of each.
    let backups: DailyBackups | undefined;
    if (store && settings.dataDir) {
      const opened = store;
      backups = new DailyBackups({
        dir: join(settings.dataDir, 'backups'),
        clock,
        logger,
        take: () => exportBackup({ db: opened.database.main, ...opened }, clock.now()),
      });
    }
    // People's automations and scenes: written through the rooms' arbiter (priority `rule`), stored with their traces.
    const automations = new AutomationRunner({
      registry,
      rooms,
      people: roomRepository,
      automations: store?.automations ?? memoryAutomations(),
      scenes: store?.scenes ?? memoryScenes(),
      traces: store?.traces ?? new MemoryTraces(),
      clock,
      settings: () => {
        const { location, timeZone } = storedSettings.all();
        return { ...(location ? { location } : {}), ...(timeZone ? { timeZone } : {}) };
      },
      upcoming: (from, until) => later.meetings?.upcoming(from, until) ?? [],
      ...(store
        ? {
            history: (deviceId, capability, from, to) =>
              store!.history.query({ deviceId, capability, from, to, resolution: 'raw' }).points,
            log: (entry) => store!.logbook.append(entry),
          }
        : {}),
      logger,
    });

    // Meeting rooms' calendars: config and last good events in the store, CalDAV credentials in the secrets.
    const calendars = new RoomCalendars({
      repository: store?.calendars ?? new MemoryCalendarRepository(),
      secrets,
      clock,
      logger,
      timeZone: () => storedSettings.all().timeZone ?? undefined,
      roomName: (roomId) => store?.rooms.get(roomId)?.name,
      diagnostic: (input) => registry.addDiagnostic(input),
    });
    const meetingRunner = new MeetingRunner({
      feed: deps.calendars ?? calendars,
      clock,
      repository: roomRepository,
      // The bookings' states and the utilisation report outlive a restart in the store.
      records: store?.meetingRecords ?? new MemoryMeetingRecords(),
      rooms: () => store?.rooms.list() ?? [],
      roomRunner: rooms,
      format: () => textFormat(),
      logger,
      ...(store ? { log: (entry) => store!.logbook.append(entry) } : {}),
    });
    later.meetings = meetingRunner;

    const handlers = guardHandlers(
      createHandlers({
        meetings: { runner: meetingRunner, now: () => clock.now() },
        users: {
          users,
          signInUrl: (token) => (url ? `${url}?token=${encodeURIComponent(token)}` : undefined),
          ownerTokenChanged: (token) => {
            httpToken = token;
            settings.http?.saveToken?.(token);
          },
        },
        sessions,
        rooms: { runner: rooms, repository: roomRepository },
        demo,
        registry,
        version: HUB_VERSION,
        startedAt,
        now: () => clock.now(),
        mqttStatus: () => connection.status,
        store: store && { store, events: storeEvents, backups },
        settings: {
          settings: storedSettings,
          changed: (next) => storeEvents.emit('settingsChanged', next),
          brokerPassword: {
            secrets,
            name: MQTT_PASSWORD_SECRET,
            changed: () => applyBroker(storedSettings.all(), true),
          },
        },
        discovery,
        automations: { runner: automations, now: () => clock.now() },
        calendars,
        brokerLan,
      }),
      { deviceRoom: (id) => registry.get(id)?.roomId },
    );
    // Settings apply at once: the sun times of the room curves and of automations, the home's time zone, the broker.
    cleanups.push(
      storeEvents.on('settingsChanged', 'hub', (next) => {
        currentFormat = textFormatFor(next);
        rooms.evaluateAll();
        automations.settingsChanged();
        applyBroker(next);
        void brokerLan.apply(next.brokerLan);
      }),
      storeEvents.on('roomsChanged', 'hub', () => {
        automations.refreshRooms();
        meetingRunner.stepAll();
      }),
      // A deleted room (or one a restored backup does not have) takes its calendar with it.
      storeEvents.on('roomsChanged', 'calendars', ({ rooms: list }) => {
        const ids = new Set(list.map((r) => r.id));
        calendars.reload();
        calendars.pruneRooms((roomId) => ids.has(roomId));
      }),
    );
    const onMqttStatus = (listener: (status: MqttStatus) => void) => connection.onStatus(listener);
    const eventSource: EventStreamSource = {
      registry,
      clock,
      onMqttStatus,
      storeEvents,
      discoveryEvents: discovery.events,
      roomEvents: rooms.events,
      automationEvents: automations.events,
      meetingEvents: meetingRunner.events,
      calendarEvents: calendars.events,
    };

    let server: HubServer | undefined;
    if (settings.http && httpToken) {
      server = new HubServer({ ...settings.http, ...eventSource, users, handlers, sessions, logger });
      url = (await server.start()).url;
      cleanups.push(() => server?.stop());
    }

    await connection.start();
    for (const integration of integrations) {
      await integration.start();
      cleanups.push(() => integration.stop());
    }
    discovery.start();
    cleanups.push(() => discovery.stop());
    // Automations listen before the rooms: a rule's write then holds before the room evaluates the same report.
    automations.start();
    cleanups.push(() => automations.stop());
    rooms.start();
    cleanups.push(() => rooms.stop());
    calendars.start();
    cleanups.push(() => calendars.stop());
    meetingRunner.start();
    cleanups.push(() => meetingRunner.stop());
    if (backups) {
      const started = backups;
      started.start();
      cleanups.push(() => started.stop());
    }
    if (settings.discovery?.enabled) {
      const browser = new MdnsBrowser({
        types: discovery.serviceTypes,
        interfaces: settings.discovery.interfaces,
        clock,
        logger,
        onEvent: (event) => discovery.onServiceEvent(event),
      });
      browser.start();
      cleanups.push(() => browser.stop());
      // SSDP for players mDNS does not find (Sonos ZonePlayer), on the same interfaces, into the same Discovery.
      const ssdp = new SsdpSearcher({
        targets: SSDP_TARGETS.filter((t) => discovery.serviceTypes.includes(t.type)),
        interfaces: settings.discovery.interfaces,
        clock,
        logger,
        onEvent: (event) => discovery.onServiceEvent(event),
      });
      cleanups.push(() => ssdp.stop());
      await ssdp.start();
    }

    if (settings.demo) await demo.start(settings.demo.scenario);
    automations.hubStarted();

    return {
      registry,
      handlers,
      url,
      get token() {
        return httpToken;
      },
      users,
      get mqttUrl() {
        return mqttUrl;
      },
      store,
      eventSource,
      discovery,
      rooms,
      automations,
      meetings: meetingRunner,
      calendars,
      mqttStatus: () => connection.status,
      onMqttStatus: (listener) => connection.onStatus(listener),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
