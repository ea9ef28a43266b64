/** The settings sections, in order, with the address segment each gets (`/settings/<id>`) for the router. */
import type { ComponentType } from 'react';
import { BackupSettings } from './BackupSettings';
import { BrokerSettings } from './BrokerSettings';
import { GeneralSettings } from './GeneralSettings';

export { BackupSettings, BrokerSettings, GeneralSettings };

export type SettingsSectionId = 'general' | 'broker' | 'backup';

export const SETTINGS_SECTIONS: readonly { id: SettingsSectionId; label: string; Component: ComponentType }[] = [
  { id: 'general', label: 'General', Component: GeneralSettings },
  { id: 'broker', label: 'Broker', Component: BrokerSettings },
  { id: 'backup', label: 'Backup', Component: BackupSettings },
];

export function isSettingsSection(value: string | undefined): value is SettingsSectionId {
  return SETTINGS_SECTIONS.some((s) => s.id === value);
}
