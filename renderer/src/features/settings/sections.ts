/** The settings pages; the router gives each its address (`/settings/<id>`, routes/paths.ts). */
import { BackupSettings } from './BackupSettings';
import { BrokerSettings } from './BrokerSettings';
import { GeneralSettings } from './GeneralSettings';
import './settings.css';

export { BackupSettings, BrokerSettings, GeneralSettings };
