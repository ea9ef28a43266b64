/**
 * The headless hub's SecretCipher: AES-256-GCM with a random key kept in `secret.key` in the
 * data directory, created with mode 0600 (readable only by the hub's user). Sealed layout:
 * version (1 byte) | IV (12) | auth tag (16) | ciphertext.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Logger } from '../util/logger';
import { setAside } from './set-aside';
import type { SecretCipher } from './secrets';

export const KEY_FILE = 'secret.key';
const VERSION = 1;

export function keyFileCipher(dataDir: string, logger: Logger): SecretCipher {
  const key = loadOrCreateKey(dataDir, logger);
  return {
    id: 'aes-256-gcm:key-file',
    encrypt(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
    },
    decrypt(sealed) {
      if (sealed.length < 29 || sealed[0] !== VERSION) throw new Error('not a sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, sealed.subarray(1, 13));
      decipher.setAuthTag(sealed.subarray(13, 29));
      return Buffer.concat([decipher.update(sealed.subarray(29)), decipher.final()]).toString('utf8');
    },
  };
}

function loadOrCreateKey(dataDir: string, logger: Logger): Buffer {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const path = join(dataDir, KEY_FILE);
  let existing: Buffer | undefined;
  try {
    existing = readFileSync(path);
  } catch {
    existing = undefined;
  }
  if (existing?.length === 32) {
    if ((statSync(path).mode & 0o077) !== 0) {
      chmodSync(path, 0o600);
      logger.warn(`${path} was readable by other users; made it readable only by its owner`);
    }
    return existing;
  }
  if (existing !== undefined) {
    const aside = setAside(path, 'corrupt', Date.now());
    logger.error(
      `the secret key ${path} was damaged; kept it as ${aside} and made a new one (stored secrets must be entered again)`,
    );
  }
  const key = randomBytes(32);
  writeFileSync(path, key, { mode: 0o600, flag: 'wx' });
  return key;
}
