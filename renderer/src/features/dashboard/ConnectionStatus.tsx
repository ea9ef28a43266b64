import type { MqttStatus } from '../../../../core/api/contract';
import type { ConnectionState } from '../../api/connection';
import { cleanText } from '../../../../core/model';
import { useHub } from '../../store/context';
import { StatusDot, type BadgeTone } from '../../ui/Badge';

export function hubStatusText(c: ConnectionState): { text: string; tone: BadgeTone; detail?: string } {
  switch (c.state) {
    case 'connected':
      return { text: 'Hub connected', tone: 'good' };
    case 'connecting':
      return { text: 'Connecting to hub…', tone: 'warn' };
    case 'reconnecting':
      return { text: 'Reconnecting to hub…', tone: 'warn', detail: c.reason };
    case 'auth_failed':
      return { text: 'Hub refused access', tone: 'bad', detail: c.reason };
  }
}

export function mqttStatusText(m: MqttStatus): { text: string; tone: BadgeTone; detail?: string } {
  const error = m.error ? cleanText(m.error, 160) : undefined;
  switch (m.state) {
    case 'connected':
      return {
        text: m.embedded ? 'MQTT connected (built-in broker)' : 'MQTT connected',
        tone: 'good',
        detail: cleanText(m.url, 160),
      };
    case 'connecting':
      return { text: 'MQTT connecting…', tone: 'warn', detail: cleanText(m.url, 160) };
    case 'reconnecting':
      return { text: error ? `MQTT reconnecting: ${error}` : 'MQTT reconnecting…', tone: 'warn', detail: error };
    case 'auth_failed':
      return { text: 'MQTT login failed', tone: 'bad', detail: error ?? 'The broker rejected the username or password.' };
    case 'offline':
      return { text: 'MQTT offline', tone: 'bad', detail: error };
  }
}

export function ConnectionStatus() {
  const connection = useHub((s) => s.connection);
  const mqtt = useHub((s) => s.mqtt);
  const hub = hubStatusText(connection);
  const broker = mqtt && connection.state === 'connected' ? mqttStatusText(mqtt) : null;
  // All well: one quiet word, the details on hover. Anything wrong: say which part and why.
  if (hub.tone === 'good' && (!broker || broker.tone === 'good')) {
    const detail = [hub.text, broker && `${broker.text}${broker.detail ? ` — ${broker.detail}` : ''}`].filter(Boolean).join('\n');
    return (
      <div className="conn" role="status" aria-label="Connection">
        <span className="conn__item" title={detail}>
          <StatusDot tone="good" />
          Connected
          <span className="visually-hidden">: {broker ? `${hub.text}, ${broker.text}` : hub.text}</span>
        </span>
      </div>
    );
  }
  return (
    <div className="conn" role="status" aria-label="Connection">
      <span className="conn__item" title={hub.detail}>
        <StatusDot tone={hub.tone} />
        {hub.text}
      </span>
      {broker ? (
        <span className="conn__item" title={broker.detail}>
          <StatusDot tone={broker.tone} />
          {broker.text}
        </span>
      ) : null}
    </div>
  );
}
