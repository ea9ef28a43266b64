/** `light` → power, brightness, colorTemperature, color; by schema (json or default; template is unsupported). */
import type { MappedEntity } from './entity';
import { mapDefaultLight } from './light-default';
import { mapJsonLight } from './light-json';
import { lightModel } from './light-model';
import type { LightConfig } from './schemas';

export function mapLight(c: LightConfig): MappedEntity | undefined {
  if (c.schema === 'json') return mapJsonLight(c, lightModel(c));
  if (c.schema === 'default' || c.schema === 'basic') return mapDefaultLight(c, lightModel(c));
  return undefined; // template schema: not supported
}
