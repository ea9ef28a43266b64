import { describe, expect, it } from 'vitest';
import type { Command } from '../../model';
import { CommandError } from '../integration';
import { haMode } from './climate';
import { entityOf, fixture, fixtureJson } from './test-fixtures';

// Source: zigbee2mqtt homeassistant.test.ts "Should discover thermostat devices" (Tuya TS0601 TRV).
const TRV = 'z2m/ha-discovery-climate-trv-ts0601.txt';
const trv = () => entityOf(TRV).mapped;
const STATE = 'zigbee2mqtt/TS0601_thermostat';

describe('climate (z2m TRV)', () => {
  it('capability descriptor: modes mapped, presets, range and step', () => {
    expect(trv().capabilities.climate).toEqual({
      value: { mode: null, targetTemperature: null, currentTemperature: null, action: null, preset: null },
      writable: true,
      min: 5,
      max: 35,
      step: 0.5,
      unit: '°C',
      options: ['heat', 'auto', 'off'],
      presets: ['schedule', 'manual', 'boost', 'complex', 'comfort', 'eco', 'away'],
    });
    expect(trv().stateTopics).toEqual([STATE]);
  });

  it.each([
    [
      'full state',
      '{"current_heating_setpoint":21,"local_temperature":19.5,"preset":"comfort","running_state":"heat","system_mode":"heat"}',
      { mode: 'heat', targetTemperature: 21, currentTemperature: 19.5, action: 'heating', preset: 'comfort' },
    ],
    [
      'running_state idle via {% set %} lookup',
      '{"running_state":"idle"}',
      { mode: 'auto', targetTemperature: 20, currentTemperature: 18, action: 'idle', preset: null },
    ],
    [
      'running_state null → action null',
      '{"running_state":null}',
      { mode: 'auto', targetTemperature: 20, currentTemperature: 18, action: null, preset: null },
    ],
    ['unrelated keys keep the previous values', '{"battery":80}', undefined],
  ])('%s', (_name, payload, expected) => {
    const previous = {
      climate: { mode: 'auto' as const, targetTemperature: 20, currentTemperature: 18, action: 'heating' as const, preset: null },
    };
    const report = trv().parseState(STATE, payload, previous);
    expect(report.climate).toEqual(expected);
  });

  it('HA modes map to ours: fan_only → fan, heat_cool → auto, dry ignored', () => {
    const f = fixture(TRV);
    const m = entityOf({
      topic: f.topic,
      config: { ...fixtureJson(TRV), modes: ['off', 'heat_cool', 'fan_only', 'dry', 'cool'] },
    }).mapped;
    expect(m.capabilities.climate?.options).toEqual(['off', 'auto', 'fan', 'cool']);
    expect(m.parseState(STATE, '{"system_mode":"dry"}', {}).climate?.mode).toBeNull();
    expect(m.parseState(STATE, '{"system_mode":"fan_only"}', {}).climate?.mode).toBe('fan');
    expect(haMode('auto', ['auto', 'heat_cool'])).toBe('auto');
    expect(haMode('auto', ['heat_cool'])).toBe('heat_cool');
  });

  it.each<[string, Command, { topic: string; payload: string }[]]>([
    ['mode', { climate: { mode: 'heat' } }, [{ topic: `${STATE}/set/system_mode`, payload: 'heat' }]],
    [
      'target temperature',
      { climate: { targetTemperature: 21 } },
      [{ topic: `${STATE}/set/current_heating_setpoint`, payload: '21' }],
    ],
    [
      'half degree',
      { climate: { targetTemperature: 21.5 } },
      [{ topic: `${STATE}/set/current_heating_setpoint`, payload: '21.5' }],
    ],
    ['preset', { climate: { preset: 'eco' } }, [{ topic: `${STATE}/set/preset`, payload: 'eco' }]],
    [
      'all three',
      { climate: { mode: 'auto', targetTemperature: 19, preset: 'away' } },
      [
        { topic: `${STATE}/set/system_mode`, payload: 'auto' },
        { topic: `${STATE}/set/current_heating_setpoint`, payload: '19' },
        { topic: `${STATE}/set/preset`, payload: 'away' },
      ],
    ],
  ])('command: %s (topics from the README: zigbee2mqtt/TS0601_thermostat/set/…)', (_n, command, expected) => {
    expect(trv().command!(command)).toEqual(expected.map((e) => ({ ...e, retain: false, qos: 0 })));
  });

  it.each<[string, Command, RegExp]>([
    ['above max', { climate: { targetTemperature: 36 } }, /outside the range 5–35 °C/],
    ['below min', { climate: { targetTemperature: 4 } }, /outside/],
    ['off-step', { climate: { targetTemperature: 21.3 } }, /not a multiple of the 0.5 °C step/],
    ['unsupported mode', { climate: { mode: 'cool' } }, /Mode 'cool' is not supported; supported: heat, auto, off/],
    ['unknown preset', { climate: { preset: 'party' } }, /Preset 'party' is not one of/],
  ])('rejects %s', (_n, command, message) => {
    expect(() => trv().command!(command)).toThrow(CommandError);
    expect(() => trv().command!(command)).toThrow(message);
  });

  it('command and state templates, °F devices', () => {
    const m = entityOf({
      topic: 'homeassistant/climate/hvac/config',
      config: {
        name: 'HVAC',
        temperature_unit: 'F',
        min_temp: 50,
        max_temp: 90,
        temp_step: 1,
        modes: ['off', 'heat', 'cool'],
        mode_command_topic: 'hvac/mode/set',
        mode_command_template: '{"mode":"{{ value }}"}',
        temperature_command_topic: 'hvac/temp/set',
        temperature_command_template: '{{ value | int }}',
        temperature_state_topic: 'hvac/state',
        temperature_state_template: '{{ value_json.target }}',
        current_temperature_topic: 'hvac/state',
        current_temperature_template: '{{ value_json.current }}',
      },
    }).mapped;
    expect(m.capabilities.climate).toMatchObject({ min: 10, max: 32.22 });
    expect(m.parseState('hvac/state', '{"target":68,"current":77}', {}).climate).toMatchObject({
      targetTemperature: 20,
      currentTemperature: 25,
    });
    expect(m.command!({ climate: { mode: 'cool', targetTemperature: 20 } }).map((p) => p.payload)).toEqual([
      '{"mode":"cool"}',
      '68',
    ]);
  });
});
