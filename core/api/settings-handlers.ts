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
  /** Where the broker password is kept (the secret `mqtt:password`), and what the hub does when it changes. */
  brokerPassword?: {
    secrets: { get(name: string): string | undefined; set(name: string, value: string): void; delete(name: string): void };
    /** The secret's name. */
    name: string;
    /** Reconnects with the new password. */
    changed: () => void;
  };
}

function isSettingKey(key: string): key is SettingKey {
  return Object.hasOwn(SettingsSchema.shape, key);
}

function put<K extends SettingKey>(out: Partial<Settings>, key: K, value: Settings[K] | null | undefined): void {
  out[key] = value ?? undefined;
}

export function createSettingsHandlers(
  deps: SettingsHandlerDeps | undefined,
): Pick<Handlers, 'getSettings' | 'updateSettings' | 'setMqttPassword' | 'getMqttPasswordStatus'> {
  const need = () => {
    if (!deps) throw new ApiError('unavailable', 'This hub has no settings');
    return deps;
  };
  const password = () => {
    const found = need().brokerPassword;
    if (!found) throw new ApiError('unavailable', 'This hub keeps no broker password');
    return found;
  };
  /** Whether one is stored; a secret that no longer decrypts counts as stored (it has to be entered again). */
  const stored = (): { stored: boolean } => {
    const { secrets, name } = password();
    try {
      return { stored: secrets.get(name) !== undefined };
    } catch {
      return { stored: true };
    }
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
    // The password goes in and never comes out: both answers say only whether one is stored.
    setMqttPassword: handle('setMqttPassword', async ({ password: value }) => {
      const { secrets, name, changed } = password();
      if (value === null) secrets.delete(name);
      else secrets.set(name, value);
      changed();
      return stored();
    }),
    getMqttPasswordStatus: handle('getMqttPasswordStatus', async () => stored()),
  };
}
