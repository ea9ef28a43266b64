import { describe, expect, it } from 'vitest';
import { allowedHosts, brokerPassword, checkToken, CliError } from './cli-options';

describe('the token given with --token', () => {
  it.each(['12345678', 'short-token', 'a'.repeat(21), '0123456789abcdef0123456789abcde', 'has spaces in it but is long enough'])(
    'refuses %s (under 128 bits)',
    (token) => {
      expect(() => checkToken(token)).toThrow(/--token must carry at least 128 bits/);
    },
  );
  it.each(['e2e-token-0123456789abcdef', 'Zz'.repeat(11), '0123456789abcdef0123456789abcdef'])('accepts %s', (token) => {
    expect(() => checkToken(token)).not.toThrow();
  });
});

describe('the broker password', () => {
  const noFile = () => {
    throw new Error('ENOENT: no such file');
  };
  it('comes from the file without its trailing newline', () => {
    expect(brokerPassword({ 'mqtt-password-file': '/run/secrets/mqtt' }, {}, () => 's3cret pass\n')).toEqual({
      password: 's3cret pass',
    });
  });
  it('comes from HOMEROOM_MQTT_PASSWORD without a warning', () => {
    expect(brokerPassword({}, { HOMEROOM_MQTT_PASSWORD: 'from-env' }, noFile)).toEqual({ password: 'from-env' });
  });
  it('still comes from argv, with a warning that ps shows it', () => {
    const { password, warning } = brokerPassword({ 'mqtt-password': 'p' }, { HOMEROOM_MQTT_PASSWORD: 'e' }, noFile);
    expect(password).toBe('p');
    expect(warning).toMatch(/visible .*ps/);
  });
  it('says which file it could not read, and refuses two sources', () => {
    expect(() => brokerPassword({ 'mqtt-password-file': '/nope' }, {}, noFile)).toThrow(/cannot read \/nope/);
    expect(() => brokerPassword({ 'mqtt-password-file': 'f', 'mqtt-password': 'p' }, {}, noFile)).toThrow(CliError);
  });
  it('is absent when nothing gives one', () => {
    expect(brokerPassword({}, {}, noFile)).toEqual({});
  });
});

describe('--allow-host', () => {
  it('takes several names, comma-separated or repeated', () => {
    expect(allowedHosts(['hub.lan, homeroom.example', '10.0.0.2'])).toEqual(['hub.lan', 'homeroom.example', '10.0.0.2']);
  });
  it('refuses what is not a host name', () => {
    expect(() => allowedHosts(['evil/path'])).toThrow(/host names/);
  });
});
