/** `switch` → the `power` capability; commands are the configured ON/OFF payloads (never a toggle). */
import type { Command } from '../../model';
import type { StateReport } from '../integration';
import { isNone, notWritable, payloadMatches, publish, renderCommand, renderState, type MappedEntity } from './entity';
import type { SwitchConfig } from './schemas';

export function mapSwitch(c: SwitchConfig): MappedEntity {
  const stateOn = c.state_on ?? c.payload_on;
  const stateOff = c.state_off ?? c.payload_off;
  return {
    capabilities: { power: { value: null, writable: c.command_topic !== undefined } },
    stateTopics: c.state_topic ? [c.state_topic] : [],
    parseState(_topic, payload): StateReport {
      const { text } = renderState(c.value_template, payload);
      if (payloadMatches(text, stateOn)) return { power: true };
      if (payloadMatches(text, stateOff)) return { power: false };
      if (isNone(text)) return { power: null };
      return {};
    },
    command(command: Command) {
      if (command.power === undefined) return [];
      if (!c.command_topic) notWritable('This switch is read-only (no command topic)');
      const payload = command.power ? c.payload_on : c.payload_off;
      return [publish(c.command_topic, renderCommand(c.command_template, payload), c.qos)];
    },
  };
}
