/**
 * The composition root: the only place that constructs the hub's parts and connects them.
 * Used by the headless hub (cli.ts), the Electron shell and tests alike.
 */
import { randomBytes } from 'node:crypto';
import type { MqttStatus } from './api/contract';
import { createHandlers, type Handlers } from './api/handlers';
import { HubServer } from './api/server';
import { createMqttConnection } from './broker/connection';
import { startEmbeddedBroker } from './broker/embedded';
import type { MqttConnection } from './broker/types';
import type { Integration } from './integrations/integration';
import { Demo, type DemoScenario } from './demo';
import { MqttHaIntegration } from './integrations/mqtt-ha/integration';
import { Registry } from './registry/registry';
import { systemClock, type Clock } from './util/clock';
import { consoleLogger, type Logger } from './util/logger';
import { HUB_VERSION } from './version';

export interface HubSettings {
  /** The user's broker (mqtt://, mqtts://, ws://, wss://, optionally with user:password@). Unset: start the embedded one. */
  mqttUrl?: string;
  mqttUsername?: string;
  mqttPassword?: string;
  /** Port of the embedded broker (0 = any free port). */
  embeddedBrokerPort?: number;
  /** Serve the HubApi and the UI over HTTP (the headless hub); the desktop app uses IPC instead. */
  http?: { host: string; port: number; token?: string; uiDir: string };
  confirmTimeoutMs?: number;
  commandTtlMs?: number;
  /** Start a virtual home at once (`npm run hub -- --demo`). Needs the embedded broker. */
  demo?: { scenario: DemoScenario; speed?: number; seed?: number };
}

export interface Hub {
  readonly registry: Registry;
  readonly handlers: Handlers;
  /** Set when the hub serves HTTP. */
  readonly url?: string;
  readonly token?: string;
  readonly mqttUrl: string;
  mqttStatus(): MqttStatus;
  onMqttStatus(listener: (status: MqttStatus) => void): () => void;
  stop(): Promise<void>;
}

export async function startHub(settings: HubSettings, deps: { clock?: Clock; logger?: Logger } = {}): Promise<Hub> {
  const clock = deps.clock ?? systemClock;
  const logger = deps.logger ?? consoleLogger();
  const startedAt = clock.now();
  const cleanups: (() => Promise<void> | void)[] = [];
  const stop = async () => {
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

    if (settings.demo && settings.mqttUrl)
      throw new Error('A virtual home runs only on the hub’s own broker: leave out the MQTT URL when starting a demo');
    let mqttUrl = settings.mqttUrl;
    const embedded = !mqttUrl;
    if (!mqttUrl) {
      const broker = await startEmbeddedBroker({ host: '127.0.0.1', port: settings.embeddedBrokerPort ?? 1883 });
      cleanups.push(() => broker.close());
      mqttUrl = broker.url;
      logger.info(`embedded MQTT broker listening on ${broker.url}`);
    }
    const connection: MqttConnection = createMqttConnection({
      url: mqttUrl,
      username: settings.mqttUsername,
      password: settings.mqttPassword,
      embedded,
      clock,
      logger,
    });
    cleanups.push(() => connection.stop());

    const integrations: Integration[] = [
      new MqttHaIntegration({ connection, clock, commandTtlMs: settings.commandTtlMs, host: registry.hostFor('mqtt') }),
    ];
    for (const integration of integrations) registry.addIntegration(integration);

    const demo = new Demo({ brokerUrl: embedded ? mqttUrl : undefined, speed: settings.demo?.speed ?? 5, seed: settings.demo?.seed ?? 1, logger });
    cleanups.push(() => demo.stop());

    const handlers = createHandlers({
      demo,
      registry,
      version: HUB_VERSION,
      startedAt,
      now: () => clock.now(),
      mqttStatus: () => connection.status,
    });

    let server: HubServer | undefined;
    let url: string | undefined;
    let token: string | undefined;
    if (settings.http) {
      token = settings.http.token ?? randomBytes(24).toString('base64url');
      const onMqttStatus = (listener: (status: MqttStatus) => void) => connection.onStatus(listener);
      server = new HubServer({ ...settings.http, token, handlers, registry, clock, logger, onMqttStatus });
      url = (await server.start()).url;
      cleanups.push(() => server?.stop());
    }

    await connection.start();
    for (const integration of integrations) {
      await integration.start();
      cleanups.push(() => integration.stop());
    }

    if (settings.demo) await demo.start(settings.demo.scenario);

    return {
      registry,
      handlers,
      url,
      token,
      mqttUrl,
      mqttStatus: () => connection.status,
      onMqttStatus: (listener) => connection.onStatus(listener),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
