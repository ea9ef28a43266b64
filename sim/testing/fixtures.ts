import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Verbatim copies of /work/shared/protocols/z2m (see README.md there for provenance). */
export const FIXTURE_DIR = fileURLToPath(new URL('./fixtures/z2m', import.meta.url));

/** A z2m fixture: line 1 is the topic, the rest the payload (trailing newline dropped). */
export function fixture(file: string): { topic: string; payload: string } {
  const text = readFileSync(`${FIXTURE_DIR}/${file}`, 'utf8');
  const nl = text.indexOf('\n');
  return { topic: text.slice(0, nl), payload: text.slice(nl + 1).replace(/\r?\n$/, '') };
}

export function fixtureJson(file: string): { topic: string; json: Record<string, unknown> } {
  const f = fixture(file);
  return { topic: f.topic, json: JSON.parse(f.payload) as Record<string, unknown> };
}
