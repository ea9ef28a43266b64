import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { JsonFileRepository } from './repository';

const fresh = () => join(mkdtempSync(join(tmpdir(), 'homeroom-rooms-')), 'room-behaviours.json');

describe('JsonFileRepository', () => {
  it('keeps people and room settings across a restart, in a file only its owner can read', () => {
    const path = fresh();
    const first = new JsonFileRepository(path);
    first.putPerson({ id: 'alice', name: 'Alice' });
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(new JsonFileRepository(path).people().map((p) => p.name)).toEqual(['Alice']);
  });

  it('sets a damaged file aside and says so, instead of silently starting over', () => {
    const path = fresh();
    writeFileSync(path, '{"people": [ broken');
    const problems: string[] = [];
    const repository = new JsonFileRepository(path, (message) => problems.push(message));
    expect(repository.people()).toEqual([]);
    expect(problems[0]).toMatch(/could not be read; they were kept as .*damaged-/);
    const aside = readdirSync(join(path, '..')).find((f) => f.includes('.damaged-'));
    expect(aside && readFileSync(join(path, '..', aside), 'utf8')).toBe('{"people": [ broken');
  });
});
