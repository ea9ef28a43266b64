/**
 * Thermostat modes in one order everywhere — the model's (`CLIMATE_MODES`: off, heat, cool, auto,
 * fan) — whatever order a device lists them in. Tiles, the device panel and room settings use it. Pure.
 */
import { CLIMATE_MODES, ClimateRoomMode, type ClimateMode } from '../../../../core/model';

export const MODE_LABELS: Record<ClimateMode, string> = { off: 'Off', heat: 'Heat', cool: 'Cool', auto: 'Auto', fan: 'Fan' };

/** The modes a device offers (all when it does not say), in the shared order; unknown names dropped. */
export function orderedModes(options: readonly string[] | undefined): ClimateMode[] {
  return CLIMATE_MODES.filter((m) => !options || options.includes(m));
}

/** The room's heating/cooling choices (`ClimateRoomMode`), in the same order as a thermostat's modes. */
export const ROOM_CLIMATE_MODES: readonly ClimateRoomMode[] = CLIMATE_MODES.filter((m): m is ClimateRoomMode =>
  (ClimateRoomMode.options as readonly string[]).includes(m),
);
