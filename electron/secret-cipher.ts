/**
 * The desktop app's SecretCipher: Electron's safeStorage (Keychain on macOS, DPAPI on Windows,
 * the Secret Service / KWallet on Linux). On Linux without a keyring safeStorage falls back to
 * `basic_text`, a fixed key that protects nothing: the cipher then carries a warning that the
 * hub logs and shows in Diagnostics.
 */
import { safeStorage } from 'electron';
import type { SecretCipher } from '../core/store/secrets';

export function safeStorageCipher(): SecretCipher {
  if (!safeStorage.isEncryptionAvailable()) throw new Error('safeStorage encryption is not available');
  const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : undefined;
  return {
    id: `electron-safe-storage${backend ? `:${backend}` : ''}`,
    warning:
      backend === 'basic_text'
        ? 'No system keyring was found (safeStorage backend "basic_text"): saved passwords are obscured with a fixed key, not truly encrypted. Install and unlock a keyring (GNOME Keyring or KWallet) to protect them.'
        : undefined,
    encrypt: (plain) => safeStorage.encryptString(plain),
    decrypt: (sealed) => safeStorage.decryptString(sealed),
  };
}
