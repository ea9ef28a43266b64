// @vitest-environment jsdom
/**
 * The settings screen against a fake hub: General applies units, time format and theme to the whole store
 * (and follows settingsChanged), the location is validated, the broker password is sent and never shown,
 * and a restore always goes preview → Cancel (nothing sent) or → Restore (applied, counted).
 */
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MethodRequest, RestorePreview } from '../../../../core/api/contract';
import { deviceSetup } from '../../../../core/model/broker-setup';
import { SettingsPatch, type Settings, type StoredBackup } from '../../../../core/model';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { FakeClient, ManualFrames } from '../../test/fixtures';
import { BackupSettings, BrokerSettings, GeneralSettings } from './sections';

afterEach(cleanup);

const PREVIEW: Extract<RestorePreview, { ok: true }> = {
  ok: true,
  version: 2,
  summary: 'This backup removes the room Study and the person Bob and changes 3 room settings.',
  changes: [
    { section: 'rooms', change: 'removed', id: 'study', name: 'Study' },
    { section: 'people', change: 'removed', id: 'bob', name: 'Bob' },
    { section: 'behaviours', change: 'changed', id: 'office', name: 'Office', fields: ['climate.comfortHeatC'] },
  ],
  counts: {
    rooms: { added: 0, removed: 1, changed: 0 },
    people: { added: 0, removed: 1, changed: 0 },
    behaviours: { added: 0, removed: 0, changed: 3 },
    devices: { added: 0, removed: 0, changed: 0 },
    settings: { added: 0, removed: 0, changed: 0 },
    discovery: { added: 0, removed: 0, changed: 0 },
    automations: { added: 0, removed: 0, changed: 0 },
    scenes: { added: 0, removed: 0, changed: 0 },
  },
};
const DAILY: StoredBackup = { name: 'homeroom-2026-03-10.json', at: new Date(2026, 2, 10).getTime(), kind: 'daily', bytes: 4096 };

function setup(view: 'general' | 'broker' | 'backup') {
  const client = new FakeClient();
  let settings: Settings = {};
  const patches: MethodRequest<'updateSettings'>[] = [];
  const passwords: (string | null)[] = [];
  const previews: MethodRequest<'previewRestore'>[] = [];
  const imports: unknown[] = [];
  const restores: string[] = [];
  client.auto.getSettings = () => settings;
  client.auto.updateSettings = (patch) => {
    patches.push(patch);
    const parsed = SettingsPatch.parse(patch);
    const next: Record<string, unknown> = { ...settings };
    for (const [key, value] of Object.entries(parsed))
      if (value === null) delete next[key];
      else next[key] = value;
    settings = next as Settings;
    return settings;
  };
  client.auto.getMqttPasswordStatus = () => ({ stored: passwords.at(-1) != null });
  client.auto.setMqttPassword = ({ password }) => {
    passwords.push(password);
    return { stored: password !== null };
  };
  // The broker's network listener, as the hub answers (core/broker/lan.ts builds the setups).
  let lanPassword = 'first-generated-password-0';
  const lanStatus = () =>
    settings.brokerLan
      ? {
          enabled: true,
          source: 'settings' as const,
          listening: true,
          bindHost: settings.brokerLan.host,
          host: '192.168.1.5',
          port: settings.brokerLan.port,
          tls: false,
          username: 'devices-abc123',
          password: lanPassword,
          setups: deviceSetup({
            host: '192.168.1.5',
            port: settings.brokerLan.port,
            tls: false,
            username: 'devices-abc123',
            password: lanPassword,
          }),
        }
      : { enabled: false, listening: false, tls: false, setups: [] };
  client.auto.getBrokerLan = lanStatus;
  client.auto.regenerateBrokerCredentials = () => {
    lanPassword = 'second-generated-password';
    return lanStatus();
  };
  client.auto.listBackups = () => [DAILY];
  client.auto.previewRestore = (request) => {
    previews.push(request);
    return PREVIEW;
  };
  const report = {
    ok: true as const,
    applied: { settings: 0, rooms: 1, devices: 0, behaviours: 1, people: 1, discovery: 0 },
    changes: PREVIEW.counts,
    summary: 'Restored: removed the room Study and the person Bob and changed 3 room settings.',
    undo: 'homeroom-2026-03-11T10-00-00-before-restore.json',
  };
  client.auto.importSettings = ({ backup }) => {
    imports.push(backup);
    return report;
  };
  client.auto.restoreBackup = ({ name }) => {
    restores.push(name);
    return report;
  };
  const store = createHubStore({ client, scheduler: new ManualFrames(), units: 'celsius' });
  store.start();
  const Component = { general: GeneralSettings, broker: BrokerSettings, backup: BackupSettings }[view];
  render(
    <HubStoreProvider store={store}>
      <Component />
    </HubStoreProvider>,
  );
  return { client, store, patches, passwords, previews, imports, restores };
}

const sample = () => screen.getByLabelText('How values read').textContent;

describe('Settings → General', () => {
  it('switching to °F stores it and shows every temperature in °F', async () => {
    const { store, patches } = setup('general');
    await waitFor(() => expect(store.getState().settingsLoaded).toBe(true));
    expect(sample()).toContain('21.0 °C');
    fireEvent.click(within(screen.getByRole('radiogroup', { name: 'Temperature units' })).getByRole('radio', { name: '°F' }));
    await waitFor(() => expect(store.getState().units).toBe('fahrenheit'));
    expect(patches).toEqual([{ units: 'fahrenheit' }]);
    expect(sample()).toContain('70 °F');
    await screen.findByText('Units saved');
  });

  it('follows settingsChanged from the hub: units, time format and theme', async () => {
    const { client, store } = setup('general');
    await waitFor(() => expect(store.getState().settingsLoaded).toBe(true));
    client.emit('settingsChanged', { units: 'fahrenheit', timeFormat: '12h', theme: 'dark' });
    await waitFor(() => expect(sample()).toMatch(/70 °F.*\d{1,2}:\d\d (AM|PM)/));
    expect(store.getState().theme).toBe('dark');
    expect(within(screen.getByRole('radiogroup', { name: 'Theme' })).getByRole('radio', { name: 'Dark' })).toHaveProperty(
      'ariaChecked',
      'true',
    );
    client.emit('settingsChanged', { timeFormat: '24h' });
    await waitFor(() => expect(sample()).toMatch(/21\.0 °C.*\b\d\d:\d\d\b(?! (AM|PM))/));
  });

  it('the theme choice is the stored setting; "follow system" clears it', async () => {
    const { store, patches } = setup('general');
    await waitFor(() => expect(store.getState().settingsLoaded).toBe(true));
    const theme = within(screen.getByRole('radiogroup', { name: 'Theme' }));
    fireEvent.click(theme.getByRole('radio', { name: 'Dark' }));
    await waitFor(() => expect(patches).toEqual([{ theme: 'dark' }]));
    fireEvent.click(theme.getByRole('radio', { name: 'System' }));
    await waitFor(() => expect(patches).toEqual([{ theme: 'dark' }, { theme: null }]));
    await waitFor(() => expect(store.getState().theme).toBe('system'));
  });

  it('validates the location before saving it, and says why', async () => {
    const { store, patches } = setup('general');
    await waitFor(() => expect(store.getState().settingsLoaded).toBe(true));
    fireEvent.change(screen.getByLabelText('Latitude'), { target: { value: '100' } });
    fireEvent.change(screen.getByLabelText('Longitude'), { target: { value: '13.4' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save location' }));
    expect(await screen.findByText('The latitude is between −90 and 90')).toBeDefined();
    expect(patches).toEqual([]);
    fireEvent.change(screen.getByLabelText('Latitude'), { target: { value: '48.137' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save location' }));
    await waitFor(() => expect(patches).toEqual([{ location: { latitude: 48.137, longitude: 13.4 } }]));
    expect(store.getState().settings.location).toEqual({ latitude: 48.137, longitude: 13.4 });
  });
});

describe('Settings → Broker', () => {
  it('sends the password once, never shows it, and says only whether one is stored', async () => {
    const { passwords } = setup('broker');
    const field = screen.getByLabelText('Password') as HTMLInputElement;
    expect(field.type).toBe('password');
    fireEvent.change(field, { target: { value: 's3cret!' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save password' }));
    await screen.findByText('Password stored');
    expect(passwords).toEqual(['s3cret!']);
    expect(field.value).toBe('');
    expect(document.body.textContent).not.toContain('s3cret!');
    expect(screen.getByText(/A password is stored\./)).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Remove password' }));
    await screen.findByText('Password removed');
    expect(passwords).toEqual(['s3cret!', null]);
  });

  it('refuses a broker URL with a password in it before asking the hub', async () => {
    const { patches } = setup('broker');
    fireEvent.change(screen.getByLabelText('Broker URL'), { target: { value: 'mqtt://u:p@broker.local' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save broker' }));
    expect(await screen.findByText(/without a password in it/)).toBeDefined();
    expect(patches).toEqual([]);
    fireEvent.change(screen.getByLabelText('Broker URL'), { target: { value: 'mqtt://broker.local:1883' } });
    fireEvent.change(screen.getByLabelText('Username'), { target: { value: 'hub' } });
    fireEvent.click(screen.getByRole('button', { name: 'Save broker' }));
    await waitFor(() => expect(patches).toEqual([{ mqttUrl: 'mqtt://broker.local:1883', mqttUsername: 'hub' }]));
  });
});

describe('Settings → Broker → Devices on your network', () => {
  it('turning it on stores the address and shows what to type, with copy buttons; a new password replaces the old', async () => {
    const writes: string[] = [];
    Object.defineProperty(navigator, 'clipboard', {
      configurable: true,
      value: { writeText: async (text: string) => void writes.push(text) },
    });
    const { patches } = setup('broker');
    const toggle = await screen.findByRole('checkbox', { name: 'Let devices on the network connect' });
    fireEvent.change(screen.getByLabelText('Port'), { target: { value: '1884' } });
    fireEvent.click(toggle);
    await screen.findByText('Devices on your network can connect');
    expect(patches).toEqual([{ brokerLan: { host: '0.0.0.0', port: 1884 } }]);
    const connection = screen.getByLabelText('Connection');
    expect(within(connection).getByText('192.168.1.5')).toBeDefined();
    expect(within(connection).getByText('first-generated-password-0')).toBeDefined();
    fireEvent.click(screen.getByRole('button', { name: 'Copy Connection password' }));
    await waitFor(() => expect(writes).toEqual(['first-generated-password-0']));
    const tasmota = screen.getByLabelText('Tasmota settings to paste');
    expect(tasmota.textContent).toBe(
      'Backlog MqttHost 192.168.1.5; MqttPort 1884; MqttUser devices-abc123; MqttPassword first-generated-password-0; SetOption19 1',
    );
    fireEvent.click(screen.getByRole('button', { name: 'Copy the zigbee2mqtt settings' }));
    await waitFor(() => expect(writes[1]).toContain('server: mqtt://192.168.1.5:1884'));
    fireEvent.click(screen.getByRole('button', { name: 'Make a new password' }));
    await screen.findByText('New password made: give it to every device again');
    expect(within(screen.getByLabelText('Connection')).getByText('second-generated-password')).toBeDefined();
    expect(document.body.textContent).not.toContain('first-generated-password-0');
    fireEvent.click(screen.getByRole('checkbox', { name: 'Let devices on the network connect' }));
    await screen.findByText('Only this machine can reach the broker');
    expect(patches.at(-1)).toEqual({ brokerLan: null });
    expect(screen.queryByLabelText('Connection')).toBeNull();
  });

  it('refuses an address that is not one before asking the hub', async () => {
    const { patches } = setup('broker');
    fireEvent.change(await screen.findByLabelText('Listen on'), { target: { value: 'everywhere' } });
    fireEvent.click(screen.getByRole('checkbox', { name: 'Let devices on the network connect' }));
    expect(await screen.findByText('An IP address of this machine, or 0.0.0.0 for all')).toBeDefined();
    expect(patches).toEqual([]);
  });
});

describe('Settings → Backup: restore with a preview', () => {
  const backupFile = () =>
    new File([JSON.stringify({ format: 'homeroom-backup', version: 2 })], 'homeroom-backup-2026-03-09.json', {
      type: 'application/json',
    });

  it('a chosen file is previewed; Cancel sends nothing to restore', async () => {
    const { previews, imports } = setup('backup');
    fireEvent.change(screen.getByLabelText('Restore from a backup file'), { target: { files: [backupFile()] } });
    const preview = await screen.findByRole('group', { name: 'Restore homeroom-backup-2026-03-09.json?' });
    expect(previews).toEqual([{ backup: { format: 'homeroom-backup', version: 2 } }]);
    expect(within(preview).getByText(PREVIEW.summary)).toBeDefined();
    expect(within(preview).getByText('Study').closest('li')?.dataset.change).toBe('removed');
    expect(within(preview).getByText('Bob').closest('li')?.dataset.change).toBe('removed');
    expect(document.activeElement?.textContent).toBe('Restore homeroom-backup-2026-03-09.json?');
    fireEvent.click(within(preview).getByRole('button', { name: 'Cancel' }));
    expect(await screen.findByText('Cancelled: nothing was changed.')).toBeDefined();
    expect(screen.queryByRole('group', { name: /^Restore/ })).toBeNull();
    expect(imports).toEqual([]);
  });

  it('Restore applies it and reports what it changed', async () => {
    const { imports } = setup('backup');
    fireEvent.change(screen.getByLabelText('Restore from a backup file'), { target: { files: [backupFile()] } });
    const preview = await screen.findByRole('group', { name: /^Restore/ });
    fireEvent.click(within(preview).getByRole('button', { name: 'Restore' }));
    expect(await screen.findByText(/^Restored: removed the room Study and the person Bob/)).toBeDefined();
    expect(imports).toEqual([{ format: 'homeroom-backup', version: 2 }]);
  });

  it('an automatic backup is restored by name through the same preview', async () => {
    const { previews, restores } = setup('backup');
    const list = await screen.findByRole('list', { name: 'Automatic backups' });
    fireEvent.click(within(list).getByRole('button', { name: /^Restore this one: Daily backup/ }));
    const preview = await screen.findByRole('group', { name: /^Restore the daily backup/ });
    expect(previews).toEqual([{ name: DAILY.name }]);
    expect(restores).toEqual([]);
    fireEvent.click(within(preview).getByRole('button', { name: 'Restore' }));
    await screen.findByText(/^Restored:/);
    expect(restores).toEqual([DAILY.name]);
  });
});
