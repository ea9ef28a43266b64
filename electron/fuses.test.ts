/**
 * The fuses electron-builder flips when packaging (electron-builder.yml `electronFuses`): each one the
 * security checklist asks for, with a name the installed app-builder-lib's schema knows (a typo there
 * would be ignored silently by a lenient reader, so the schema is checked here).
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
const yaml = require('js-yaml') as { load(text: string): unknown };
const config = yaml.load(readFileSync(new URL('../electron-builder.yml', import.meta.url), 'utf8')) as Record<string, unknown>;
const schema = require('app-builder-lib/scheme.json') as {
  definitions: { FuseOptionsV1: { properties: Record<string, unknown> } };
  properties: Record<string, unknown>;
};

const REQUIRED_FUSES = {
  runAsNode: false,
  enableNodeOptionsEnvironmentVariable: false,
  enableNodeCliInspectArguments: false,
  enableEmbeddedAsarIntegrityValidation: true,
  onlyLoadAppFromAsar: true,
  grantFileProtocolExtraPrivileges: false,
};

describe('electron-builder.yml fuses', () => {
  it('the installed electron-builder supports electronFuses', () => {
    expect(Object.keys(schema.properties)).toContain('electronFuses');
  });

  it('sets every fuse the checklist asks for, each to the safe value', () => {
    expect(config.electronFuses).toEqual(REQUIRED_FUSES);
  });

  it('names only fuses app-builder-lib knows', () => {
    const known = Object.keys(schema.definitions.FuseOptionsV1.properties);
    for (const name of Object.keys(config.electronFuses as object)) expect(known).toContain(name);
  });

  it('packs the app into an asar (the integrity and asar-only fuses need one)', () => {
    expect(config.asar ?? true).toBe(true);
  });
});
