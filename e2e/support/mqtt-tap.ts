import mqtt, { type MqttClient } from 'mqtt';
import { mqttUrl } from './hub';

/** Listens on the real broker to see exactly what the hub publishes to devices. */
export class MqttTap {
  readonly messages: { topic: string; payload: string; retain: boolean }[] = [];
  private constructor(private readonly client: MqttClient) {
    client.on('message', (topic, payload, packet) =>
      this.messages.push({ topic, payload: payload.toString(), retain: packet.retain }),
    );
  }

  static async open(filter: string): Promise<MqttTap> {
    const client = mqtt.connect(mqttUrl(), { reconnectPeriod: 0 });
    await new Promise<void>((resolve, reject) => {
      client.once('connect', () => resolve());
      client.once('error', reject);
    });
    await client.subscribeAsync(filter);
    return new MqttTap(client);
  }

  publish(topic: string, payload: string, retain = true): Promise<unknown> {
    return this.client.publishAsync(topic, payload, { retain, qos: 1 });
  }

  async close(): Promise<void> {
    await this.client.endAsync();
  }
}
