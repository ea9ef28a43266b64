/**
 * `npm run docs:api`: rewrites the generated method and event tables of docs/api.md from the contract
 * (core/api/contract.ts). core/api/docs.test.ts fails when the committed file is not up to date.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { updateApiDocs } from '../core/api/docs';

const path = new URL('../docs/api.md', import.meta.url);
const before = readFileSync(path, 'utf8');
const after = updateApiDocs(before);
if (after === before) console.log('docs/api.md is up to date');
else {
  writeFileSync(path, after);
  console.log('docs/api.md: method and event tables regenerated');
}
