/** Entity config → its component mapping. */
import { mapBinarySensor } from './binary-sensor';
import { mapClimate } from './climate';
import type { EntityConfig } from './config';
import type { MappedEntity } from './entity';
import { mapLight } from './light';
import type { BinarySensorConfig, ClimateConfig, LightConfig, SensorConfig, SwitchConfig } from './schemas';
import { mapSensor } from './sensor';
import { mapSwitch } from './switch';

/** undefined when the config uses a variant we do not support (e.g. a template-schema light). */
export function mapEntity(e: EntityConfig): MappedEntity | undefined {
  switch (e.component) {
    case 'light':
      return mapLight(e.config as LightConfig);
    case 'switch':
      return mapSwitch(e.config as SwitchConfig);
    case 'climate':
      return mapClimate(e.config as ClimateConfig);
    case 'binary_sensor':
      return mapBinarySensor(e.config as BinarySensorConfig);
    case 'sensor':
      return mapSensor(e.config as SensorConfig);
  }
}
