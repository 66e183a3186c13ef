// The GOOS=wasip1 build, for hosts without a browser: one request on
// stdin, one answer on stdout, run here under Node's WASI.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WASI } from 'node:wasi';
import { ensureBuilt, testdata, fixedNow } from './setup.mjs';
import { dist } from '../build.mjs';

before(() => ensureBuilt());

async function run(request) {
  const dir = mkdtempSync(join(tmpdir(), 'rkcart-wasi-'));
  writeFileSync(join(dir, 'in'), JSON.stringify(request));
  const stdin = openSync(join(dir, 'in'), 'r');
  const stdout = openSync(join(dir, 'out'), 'w');
  const wasi = new WASI({ version: 'preview1', args: ['rkcart'], env: {}, stdin, stdout, returnOnExit: true });
  const mod = await WebAssembly.compile(readFileSync(join(dist, 'rkcart-wasi.wasm')));
  const inst = await WebAssembly.instantiate(mod, wasi.getImportObject());
  const code = wasi.start(inst);
  closeSync(stdin);
  closeSync(stdout);
  return { code, answer: JSON.parse(readFileSync(join(dir, 'out'), 'utf8')) };
}

test('price under WASI: the golden bytes', async () => {
  const cart = JSON.parse(readFileSync(join(testdata, 'carts', 'combo.json'), 'utf8'));
  const { code, answer } = await run({ op: 'price', cart, options: { now: fixedNow, indent: true } });
  assert.equal(code, 0);
  assert.equal(answer.ok, true);
  assert.equal(answer.json, readFileSync(join(testdata, 'golden', 'price-combo.json'), 'utf8'));
});

test('a bad request under WASI: a problem and exit 1', async () => {
  const { code, answer } = await run({ op: 'price', cart: { order: 'x' } });
  assert.equal(code, 1);
  assert.equal(answer.ok, false);
  assert.equal(JSON.parse(answer.problem).kind, 'cart');
});
