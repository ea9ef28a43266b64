/**
 * The desktop app's SecretCipher: Electron's safeStorage (Keychain on macOS, DPAPI on Windows, the
 * Secret Service / KWallet on Linux) when chooseCipher says it truly encrypts; otherwise undefined, and
 * the hub seals secrets with its key file in the data folder (never safeStorage's `basic_text`).
 */
import { safeStorage } from 'electron';
import type { SecretCipher } from '../core/store/secrets';
import { chooseCipher } from './cipher-choice';

export function desktopSecretCipher(log: (message: string) => void): SecretCipher | undefined {
  const encryptionAvailable = safeStorage.isEncryptionAvailable();
  const backend = process.platform === 'linux' && encryptionAvailable ? safeStorage.getSelectedStorageBackend() : undefined;
  const choice = chooseCipher({ platform: process.platform, encryptionAvailable, backend });
  if (choice.kind === 'key-file') {
    log(`saved passwords use the key file in the data folder: ${choice.reason}`);
    return undefined;
  }
  return {
    id: `electron-safe-storage${choice.backend ? `:${choice.backend}` : ''}`,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
