/**
 * Migration 5 on a store from before users: the hub's token becomes the owner's, and the browsers signed in with it
 * stay signed in (as the owner); users and their hashed tokens survive reopening the store.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { BrowserSessions, hashSessionId, legacyFingerprint } from '../api/sessions';
import { hashToken, UserDirectory } from '../api/users';
import { ManualClock } from '../util/clock';
import { silentLogger } from '../util/logger';
import { openDatabase } from './database';
import { MIGRATIONS } from './migrations';
import { openStore } from './store';
import { tempDataDir } from './test-support';

const hubToken = 'the-hub-token-from-before-0123456789';
const sessionId = 'a'.repeat(43);
let data = tempDataDir();
afterEach(() => {
  data.remove();
  data = tempDataDir();
});

describe('users in the store', () => {
  it('gives the sessions made with the hub’s token before users existed to the owner', () => {
    const clock = new ManualClock(1_000);
    const before = openDatabase({ dataDir: data.dir, clock, logger: silentLogger, migrations: MIGRATIONS.slice(0, 4) });
    before.main
      .prepare(
        `INSERT INTO browser_sessions (id_hash, token_fingerprint, label, created_at, expires_at, last_seen_at)
         VALUES (?, ?, 'Chrome on Android', 0, ?, 0)`,
      )
      .run(hashSessionId(sessionId), legacyFingerprint(hubToken), 86_400_000 * 30);
    before.close();

    const store = openStore({ dataDir: data.dir, clock, logger: silentLogger });
    const users = new UserDirectory({ repository: store.users, clock });
    const sessions = new BrowserSessions({ repository: store.browserSessions, clock, users });
    const owner = users.ensureOwner(hubToken);
    sessions.adoptLegacy(hubToken, { userId: owner.id, tokenHash: owner.tokenHash });
    expect(owner).toMatchObject({ id: 'owner', name: 'Owner', role: 'admin', tokenHash: hashToken(hubToken) });
    expect(sessions.verify(sessionId)?.principal).toEqual({ userId: 'owner', name: 'Owner', role: 'admin', rooms: [] });
    const guest = users.create({ name: 'Gina', role: 'guest', rooms: ['kitchen', 'kitchen'] });
    store.close();

    const reopened = openStore({ dataDir: data.dir, clock, logger: silentLogger });
    const again = new UserDirectory({ repository: reopened.users, clock });
    expect(again.ensureOwner(hubToken).tokenCreatedAt).toBe(owner.tokenCreatedAt);
    expect(again.authenticate(guest.token)?.principal).toEqual({
      userId: guest.user.id,
      name: 'Gina',
      role: 'guest',
      rooms: ['kitchen'],
    });
    expect(again.authenticate(`${guest.token}x`)).toBeUndefined();
    reopened.close();
  });
});
