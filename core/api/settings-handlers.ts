/**
 * The HubApi methods of the hub's settings (units, location, theme, broker). Part of createHandlers
 * (handlers.ts). The hub applies a change (reconnects MQTT, moves the sun times) through `changed`.
 */
import type { SettingKey, Settings } from '../model';
import { Settings as SettingsSchema } from '../model';
import { ApiError } from './contract';
import { handle, type Handlers } from './dispatch';

/** Where settings are kept: the store's SQLite table, or memory for a hub without a data folder. */
export interface SettingsSource {
  all(): Settings;
  /** Writes the given keys; a key given as `undefined` is removed. */
  update(patch: Partial<Settings>): Settings;
}

export interface SettingsHandlerDeps {
  settings: SettingsSource;
  /** Called with all settings after any change (the hub applies them and tells clients). */
  changed: (settings: Settings) => void;
}

function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SettingsSchema.shape, key);
}

function put<K extends SettingKey>(out: Partial<Settings>, key: K, value: Settings[K] | null | undefined): void {
  out[key] = value ?? undefined;
}

export function createSettingsHandlers(deps: SettingsHandlerDeps | undefined): Pick<Handlers, 'getSettings' | 'updateSettings'> {
  const need = () => {
    if (!deps) throw new ApiError('unavailable', 'This hub has no settings');
    return deps;
  };
  return {
    getSettings: handle('getSettings', async () => need().settings.all()),
    updateSettings: handle('updateSettings', async (patch) => {
      const { settings, changed } = need();
      // Only the keys the request names change; `null` clears one (the store removes an `undefined` key).
      const changes: Partial<Settings> = {};
      for (const key of Object.keys(patch)) if (isSettingKey(key)) put(changes, key, patch[key]);
      const next = settings.update(changes);
      changed(next);
      return next;
    }),
  };
}
