// Shared by the tests: builds the wasm once per run (go's cache keeps it
// cheap) and names the repository's testdata.
import { build } from '../build.mjs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

let built = false;
export function ensureBuilt() {
  if (!built) {
    build();
    built = true;
  }
}

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const testdata = join(root, 'testdata');
export const fixedNow = '2026-11-23T12:00:00+03:00';
