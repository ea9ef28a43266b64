/**
 * Settings → General: units, time format, theme and the home's location. Each choice is stored on the hub
 * at once (`updateSettings`) and comes back through `settingsChanged`, so every window follows it.
 */
import { useEffect, useState } from 'react';
import { DEFAULT_LOCATION, type Theme, type TimeFormat } from '../../../../core/model';
import { useClock, useHub, useHubStoreApi } from '../../store/context';
import { NumberField } from '../../ui/fields';
import { SegmentedControl } from '../../ui/SegmentedControl';
import { useTemperature } from '../../units/use-temperature';
import type { Units } from '../../units/temperature';
import { SaveMessage, useSave } from './use-save';

const UNIT_OPTIONS = [
  { value: 'celsius', label: '°C' },
  { value: 'fahrenheit', label: '°F' },
] as const;
const TIME_OPTIONS = [
  { value: 'system', label: 'System' },
  { value: '12h', label: '12-hour' },
  { value: '24h', label: '24-hour' },
] as const;
const THEME_OPTIONS = [
  { value: 'light', label: 'Light' },
  { value: 'dark', label: 'Dark' },
  { value: 'system', label: 'System' },
] as const;

/** A typed coordinate, or the reason it is not one. */
export function readCoordinate(text: string, limit: number, name: string): { value: number } | { error: string } {
  const clean = text.trim().replace(',', '.');
  if (!clean) return { error: `Enter the ${name}` };
  if (!/^[-+]?(\d+\.?\d*|\.\d+)$/.test(clean))
    return { error: `The ${name} is a number such as ${limit === 90 ? '52.52' : '13.40'}` };
  const value = Number(clean);
  if (Math.abs(value) > limit) return { error: `The ${name} is between −${limit} and ${limit}` };
  return { value: Math.round(value * 10_000) / 10_000 };
}

export function GeneralSettings() {
  const store = useHubStoreApi();
  const units = useHub((s) => s.units);
  const timeFormat = useHub((s) => s.timeFormat);
  const theme = useHub((s) => s.theme);
  const location = useHub((s) => s.settings.location);
  const temperature = useTemperature();
  const clock = useClock();
  const [save, run] = useSave();
  const [latitude, setLatitude] = useState(location ? String(location.latitude) : '');
  const [longitude, setLongitude] = useState(location ? String(location.longitude) : '');
  const [tried, setTried] = useState(false);
  // A location changed elsewhere (another window, a restore) shows here.
  useEffect(() => {
    setLatitude(location ? String(location.latitude) : '');
    setLongitude(location ? String(location.longitude) : '');
  }, [location]);

  const lat = readCoordinate(latitude, 90, 'latitude');
  const lon = readCoordinate(longitude, 180, 'longitude');
  const saveLocation = () => {
    setTried(true);
    if ('error' in lat || 'error' in lon) return;
    void run(
      () => store.getState().updateSettings({ location: { latitude: lat.value, longitude: lon.value } }),
      'Location saved',
    );
  };
  const clearLocation = () => {
    setTried(false);
    void run(() => store.getState().updateSettings({ location: null }), 'Location cleared: sun times are Berlin’s again');
  };

  return (
    <section className="card settings-section" aria-labelledby="settings-general-title">
      <h3 id="settings-general-title">General</h3>
      <div className="settings-row">
        <span className="settings-row__label">Temperature units</span>
        <SegmentedControl<Units>
          label="Temperature units"
          value={units}
          options={UNIT_OPTIONS}
          onChange={(value) => void run(() => store.getState().updateSettings({ units: value }), 'Units saved')}
        />
      </div>
      <div className="settings-row">
        <span className="settings-row__label">Time format</span>
        <SegmentedControl<TimeFormat>
          label="Time format"
          value={timeFormat}
          options={TIME_OPTIONS}
          onChange={(value) =>
            void run(
              () => store.getState().updateSettings({ timeFormat: value === 'system' ? null : value }),
              'Time format saved',
            )
          }
        />
      </div>
      <div className="settings-row">
        <span className="settings-row__label">Theme</span>
        <SegmentedControl<Theme>
          label="Theme"
          value={theme}
          options={THEME_OPTIONS}
          onChange={(value) => store.getState().setTheme(value)}
        />
      </div>
      <p className="settings-sample" aria-label="How values read">
        Temperatures read like <strong>{temperature.format(21)}</strong>, times like <strong>{clock.time(Date.now())}</strong>.
      </p>

      <fieldset className="settings-location">
        <legend>Home location</legend>
        <p className="ui-field__hint settings-hint" id="location-hint">
          Sun times for circadian light are worked out for this place. Until you set it, Homeroom uses Berlin (
          {DEFAULT_LOCATION.latitude}, {DEFAULT_LOCATION.longitude}). Two decimals are close enough (about 1 km); north and east
          are positive.
        </p>
        <div className="settings-location__fields">
          <NumberField
            label="Latitude"
            value={latitude}
            onChange={setLatitude}
            step="any"
            placeholder={String(DEFAULT_LOCATION.latitude)}
            error={tried && 'error' in lat ? lat.error : null}
          />
          <NumberField
            label="Longitude"
            value={longitude}
            onChange={setLongitude}
            step="any"
            placeholder={String(DEFAULT_LOCATION.longitude)}
            error={tried && 'error' in lon ? lon.error : null}
          />
        </div>
        <div className="settings-actions">
          <button type="button" className="button button--primary" onClick={saveLocation}>
            Save location
          </button>
          {location ? (
            <button type="button" className="button" onClick={clearLocation}>
              Clear
            </button>
          ) : null}
        </div>
      </fieldset>
      <SaveMessage state={save} />
    </section>
  );
}
