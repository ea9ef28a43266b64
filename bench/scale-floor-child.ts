/**
 * Run by bench/scale-floor.ts in a fresh process: every config of the file through the hub's discovery parser once.
 * Prints `{ ms, entities, problems }`; a config that no longer parses counts as a problem, so a broken parser shows.
 */
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { parseDiscoveryMessage } from '../core/integrations/mqtt-ha/config';

const configs = JSON.parse(readFileSync(process.argv[2]!, 'utf8')) as [string, string][];
let entities = 0;
let problems = 0;
const started = performance.now();
for (const [topic, payload] of configs) {
  const msg = parseDiscoveryMessage(topic, payload, 'homeassistant');
  entities += msg.entities.length;
  problems += msg.problems.length;
}
const ms = performance.now() - started;
if (entities !== configs.length || problems > 0)
  throw new Error(`${entities} entities and ${problems} problems from ${configs.length} configs`);
process.stdout.write(JSON.stringify({ ms: Math.round(ms * 10) / 10, entities, problems }));
