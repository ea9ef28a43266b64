import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { silentLogger } from '../util/logger';
import { loadOrCreateToken, saveToken } from './hub-token';

describe('loadOrCreateToken', () => {
  it('keeps the same token across restarts', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homeroom-token-'));
    const first = loadOrCreateToken(dir, silentLogger);
    expect(first).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(loadOrCreateToken(dir, silentLogger)).toBe(first);
  });

  it('sets a damaged token file aside instead of losing it', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homeroom-token-'));
    writeFileSync(join(dir, 'hub-token'), '\u0000garbage<script>');
    const token = loadOrCreateToken(dir, silentLogger);
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    const aside = readdirSync(dir).find((f) => f.startsWith('hub-token.corrupt-'));
    expect(aside && readFileSync(join(dir, aside), 'utf8')).toBe('\u0000garbage<script>');
  });

  it('starts with the owner’s token renewed in Settings', () => {
    const dir = mkdtempSync(join(tmpdir(), 'homeroom-token-'));
    loadOrCreateToken(dir, silentLogger);
    const renewed = 'R'.repeat(43);
    saveToken(dir, renewed);
    expect(loadOrCreateToken(dir, silentLogger)).toBe(renewed);
  });
});
