import { describe, expect, it } from 'vitest';
import { chooseCipher } from './cipher-choice';

describe('chooseCipher', () => {
  it('uses safeStorage where it truly encrypts', () => {
    expect(chooseCipher({ platform: 'darwin', encryptionAvailable: true })).toEqual({ kind: 'safe-storage' });
    expect(chooseCipher({ platform: 'win32', encryptionAvailable: true })).toEqual({ kind: 'safe-storage' });
    expect(chooseCipher({ platform: 'linux', encryptionAvailable: true, backend: 'gnome_libsecret' })).toEqual({
      kind: 'safe-storage',
      backend: 'gnome_libsecret',
    });
    expect(chooseCipher({ platform: 'linux', encryptionAvailable: true, backend: 'kwallet5' }).kind).toBe('safe-storage');
  });

  it('uses the key file with Linux’s basic_text backend (a fixed key), or without safeStorage', () => {
    expect(chooseCipher({ platform: 'linux', encryptionAvailable: true, backend: 'basic_text' })).toEqual({
      kind: 'key-file',
      reason: expect.stringContaining('basic_text'),
    });
    expect(chooseCipher({ platform: 'linux', encryptionAvailable: true, backend: 'unknown' }).kind).toBe('key-file');
    expect(chooseCipher({ platform: 'darwin', encryptionAvailable: false }).kind).toBe('key-file');
  });
});
