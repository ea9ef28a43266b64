/**
 * Which cipher seals the desktop app's secrets. safeStorage when it truly encrypts (Keychain, DPAPI,
 * the Secret Service / KWallet); on Linux without a keyring safeStorage falls back to `basic_text`, a
 * fixed key that protects nothing, so the hub's own key file (core/store/key-file-cipher.ts: AES-256-GCM,
 * a random key readable only by this user) is used instead. Pure.
 */
export type CipherChoice = { kind: 'safe-storage'; backend?: string } | { kind: 'key-file'; reason: string };

export function chooseCipher(env: {
  platform: NodeJS.Platform;
  encryptionAvailable: boolean;
  /** `safeStorage.getSelectedStorageBackend()` on Linux. */
  backend?: string;
}): CipherChoice {
  if (!env.encryptionAvailable) return { kind: 'key-file', reason: 'safeStorage encryption is not available' };
  if (env.platform !== 'linux') return { kind: 'safe-storage' };
  if (env.backend === 'basic_text' || env.backend === 'unknown' || env.backend === undefined)
    return {
      kind: 'key-file',
      reason: `no system keyring was found (safeStorage backend "${env.backend ?? 'none'}" would use a fixed key)`,
    };
  return { kind: 'safe-storage', backend: env.backend };
}
