/**
 * Shared topic subscriptions: zigbee2mqtt uses one state topic (and one bridge availability
 * topic) for many entities, so each topic is subscribed once and its users are counted.
 * The last payload is kept so an entity that joins later still sees the retained state
 * the broker delivered to the first subscriber only.
 *
 * A retained copy that comes after a live message on its topic is older than that message, and dropped: a broker
 * may send a SUBSCRIBE's retained messages after live ones that arrived meanwhile (aedes does, for a SUBSCRIBE of a
 * few hundred topics), and the stale copy undid a thermostat's answer to the room's command at every start.
 */
import type { MqttConnection } from '../../broker/types';

interface TopicEntry {
  unsubscribe: () => void;
  users: Set<string>;
  last?: string;
  /** A live (not retained) message came in this session: retained copies from now on are older. */
  live: boolean;
}

export class TopicRouter {
  private readonly topics = new Map<string, TopicEntry>();

  constructor(
    private readonly connection: MqttConnection,
    private readonly onMessage: (topic: string, payload: string, users: ReadonlySet<string>) => void,
    private readonly maxPayloadBytes: number,
    private readonly onOversize: (topic: string, bytes: number) => void,
  ) {}

  /** Adds a user of a topic; returns the last payload seen on it, if any, for replay. */
  attach(topic: string, user: string): string | undefined {
    let entry = this.topics.get(topic);
    if (!entry) {
      const created: TopicEntry = { users: new Set(), unsubscribe: () => {}, live: false };
      created.unsubscribe = this.connection.subscribe(topic, (message) => {
        if (message.retain && created.live) return;
        if (!message.retain) created.live = true;
        if (message.payload.length > this.maxPayloadBytes) return this.onOversize(topic, message.payload.length);
        created.last = message.payload.toString('utf8');
        this.onMessage(topic, created.last, created.users);
      });
      this.topics.set(topic, created);
      entry = created;
    }
    entry.users.add(user);
    return entry.last;
  }

  /** The connection ended: the next session's retained messages are news again (the broker may have restarted). */
  sessionEnded(): void {
    for (const entry of this.topics.values()) entry.live = false;
  }

  detach(topic: string, user: string): void {
    const entry = this.topics.get(topic);
    if (!entry) return;
    entry.users.delete(user);
    if (entry.users.size === 0) {
      entry.unsubscribe();
      this.topics.delete(topic);
    }
  }

  get size(): number {
    return this.topics.size;
  }

  clear(): void {
    for (const entry of this.topics.values()) entry.unsubscribe();
    this.topics.clear();
  }
}
