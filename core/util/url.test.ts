import { describe, expect, it } from 'vitest';
import { withoutPassword } from './url';

describe('withoutPassword', () => {
  it('hides the password and keeps the rest', () => {
    expect(withoutPassword('mqtt://alice:s3cretPW@192.168.1.10:1883')).toBe('mqtt://alice:***@192.168.1.10:1883');
    expect(withoutPassword('mqtts://broker.local:8883')).toBe('mqtts://broker.local:8883');
  });
  it('never echoes something it cannot parse (it might be a password)', () => {
    expect(withoutPassword('not a url with hunter2')).toBe('(an unreadable URL)');
  });
});
