import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describe as describeSchema, renderMethods, updateApiDocs } from './docs';

describe('docs/api.md', () => {
  it('has the method and event tables the contract generates (run `npm run docs:api` after changing a row)', () => {
    const committed = readFileSync(new URL('../../docs/api.md', import.meta.url), 'utf8');
    expect(updateApiDocs(committed)).toBe(committed);
  });

  it('shows every method with its route, and schemas in a short form', () => {
    const table = renderMethods();
    expect(table).toContain(
      '| `sendCommand` | `POST /api/devices/:id/command` (body: `command`) | `{ id, command: Command }` | `Device` |',
    );
    expect(table).toContain('| `getHistory` | `GET /api/history?device=&capability=&from=&to=` |');
    expect(describeSchema(z.object({ a: z.string().optional(), b: z.enum(['x', 'y']).nullable() }), 'input')).toBe(
      '{ a?, b: x/y | null }',
    );
  });
});
