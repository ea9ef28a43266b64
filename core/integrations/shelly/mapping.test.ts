import { describe, expect, it } from 'vitest';
import { protocolJson } from '../lan/test-support';
import { authObject, challengeFromError } from './digest';
import {
  candidateFromInfo,
  claimService,
  commandToRpc,
  componentsOf,
  describeComponent,
  DeviceInfo,
  stateFromStatus,
} from './mapping';

const mini = protocolJson('shelly/aioshelly-fixture__shellymini1gen4_Shelly.GetStatus.json');
const twoPm = protocolJson('shelly/aioshelly-fixture__shelly2pmg3_Shelly.GetStatus.json');
const miniInfo = DeviceInfo.parse(protocolJson('shelly/aioshelly-fixture__shellymini1gen4_Shelly.GetDeviceInfo.json'));

describe('Shelly mapping (recorded fixtures)', () => {
  it('identity → candidate', () => {
    const c = candidateFromInfo(miniInfo, '192.168.1.20', 80);
    expect(c).toMatchObject({
      integration: 'shelly',
      uniqueId: miniInfo.id.toLowerCase(),
      manufacturer: 'Shelly',
      host: '192.168.1.20',
      port: 80,
    });
    expect(c.needsPairing).toBe(miniInfo.auth_en === true);
  });

  it('a password-protected device needs pairing with a password', () => {
    const c = candidateFromInfo({ ...miniInfo, auth_en: true }, '10.0.0.2', 80);
    expect(c).toMatchObject({ needsPairing: true, needsPassword: true, pairingHint: expect.stringMatching(/password/) });
  });

  it.each([
    ['the 1 Mini Gen4', mini, ['switch:0']],
    ['the 2PM Gen3 in cover mode (not supported yet)', twoPm, []],
    ['a two-channel switch', { 'switch:1': {}, 'switch:0': {}, 'input:0': {}, sys: {} }, ['switch:0', 'switch:1']],
  ])('components of %s', (_name, status, keys) => {
    expect(componentsOf(status)).toEqual(keys);
  });

  it('switch without metering (1 Mini Gen4) → power only', () => {
    const d = describeComponent({ id: miniInfo.id, app: miniInfo.app }, 'switch:0', mini['switch:0'], ['switch:0']);
    expect(Object.keys(d.capabilities)).toEqual(['power']);
    expect(stateFromStatus('switch:0', mini['switch:0'])).toEqual({ power: false });
  });

  it('switch with metering (Switch.GetStatus example of the Shelly docs) → power, power_w, energy_kwh', () => {
    const status = {
      id: 0,
      source: 'timer',
      output: true,
      apower: 8.9,
      voltage: 237.5,
      current: 0.068,
      aenergy: { total: 6.532, by_minute: [45.199, 47.141, 88.397], minute_ts: 1645789416 },
      temperature: { tC: 23.5, tF: 74.4 },
    };
    const d = describeComponent({ id: 'shellyplus1pm-abc', app: 'Plus1PM' }, 'switch:0', status, ['switch:0', 'switch:1']);
    expect(Object.keys(d.capabilities).sort()).toEqual(['energy_kwh', 'power', 'power_w']);
    expect(d.id).toBe('shelly:shellyplus1pm-abc');
    expect(describeComponent({ id: 'shellyplus1pm-abc' }, 'switch:1', status, ['switch:0', 'switch:1']).id).toBe(
      'shelly:shellyplus1pm-abc-switch1',
    );
    expect(stateFromStatus('switch:0', status)).toEqual({ power: true, power_w: 8.9, energy_kwh: 0.007 });
  });

  it.each([
    ['NotifyStatus from the docs', 'switch:0', { id: 0, output: true, source: 'button' }, { power: true }],
    ['light', 'light:0', { id: 0, output: false, brightness: 42 }, { power: false, brightness: 42 }],
    ['garbage', 'light:0', { output: 'yes', brightness: 900 }, {}],
  ] as const)('state from %s', (_name, key, status, state) => {
    expect(stateFromStatus(key, status)).toEqual(state);
  });

  it.each([
    ['switch on', 'switch:0', { power: true }, { method: 'Switch.Set', params: { id: 0, on: true } }],
    ['switch 1 off', 'switch:1', { power: false }, { method: 'Switch.Set', params: { id: 1, on: false } }],
    ['dim', 'light:0', { brightness: 30.4 }, { method: 'Light.Set', params: { id: 0, brightness: 30 } }],
    [
      'dim and on',
      'light:0',
      { power: true, brightness: 80 },
      { method: 'Light.Set', params: { id: 0, on: true, brightness: 80 } },
    ],
    ['nothing for a switch', 'switch:0', { brightness: 10 }, undefined],
  ] as const)('command → RPC: %s', (_name, key, command, rpc) => {
    expect(commandToRpc(key, command)).toEqual(rpc);
  });

  it('claims _shelly._tcp and Gen2 _http._tcp, not Gen1', () => {
    const base = { fqdn: 'x', name: 'shellyplusplugs-a8032ab1c2d3', host: 'h', addresses: ['10.0.0.5'], port: 80 };
    expect(claimService({ ...base, type: 'shelly', txt: { gen: '2', app: 'PlusPlugS' } })).toMatchObject({
      uniqueId: 'shellyplusplugs-a8032ab1c2d3',
      kind: 'plug',
    });
    expect(claimService({ ...base, type: 'http', txt: { gen: '2', id: 'shellyplusplugs-a8032ab1c2d3' } })).toBeDefined();
    expect(claimService({ ...base, type: 'http', txt: {} })).toBeUndefined();
    expect(claimService({ ...base, type: 'http', name: 'printer', txt: { gen: '2' } })).toBeUndefined();
  });

  it('digest auth object follows the Shelly docs formula', () => {
    const challenge = challengeFromError({
      code: 401,
      message:
        '{"auth_type": "digest", "nonce": 1625038762, "nc": 1, "realm": "shellypro4pm-f008d1d8b8b8", "algorithm": "SHA-256"}',
    });
    expect(challenge).toEqual({ nonce: 1625038762, nc: 1, realm: 'shellypro4pm-f008d1d8b8b8' });
    const auth = authObject(challenge!, 'secret', 313273957);
    expect(auth).toMatchObject({
      realm: 'shellypro4pm-f008d1d8b8b8',
      username: 'admin',
      nonce: 1625038762,
      cnonce: 313273957,
      algorithm: 'SHA-256',
    });
    expect(auth.response).toMatch(/^[0-9a-f]{64}$/);
    expect(challengeFromError({ message: '<html>' })).toBeUndefined();
  });
});
