import { protocolFile } from '../../fixtures';

/** A zigbee2mqtt recording from fixtures/protocols/z2m: line 1 is the topic, the rest the payload (trailing newline dropped). */
export function fixture(file: string): { topic: string; payload: string } {
  const text = protocolFile(`z2m/${file}`);
  const nl = text.indexOf('\n');
  return { topic: text.slice(0, nl), payload: text.slice(nl + 1).replace(/\r?\n$/, '') };
}

export function fixtureJson(file: string): { topic: string; json: Record<string, unknown> } {
  const f = fixture(file);
  return { topic: f.topic, json: JSON.parse(f.payload) as Record<string, unknown> };
}
