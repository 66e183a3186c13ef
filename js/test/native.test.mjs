// Same answers as native: every cart of testdata/carts through the
// WebAssembly build under Node, compared byte for byte with the golden
// files and with the native CLI (built here) on the same bytes and clock.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureBuilt, root, testdata, fixedNow } from './setup.mjs';

let rkcart, engine, cli;

before(async () => {
  ensureBuilt();
  cli = join(mkdtempSync(join(tmpdir(), 'rkcart-native-')), 'rkcart');
  execFileSync('go', ['build', '-o', cli, './cmd/rkcart'], { cwd: root, stdio: 'inherit' });
  rkcart = await import('../rkcart.mjs');
  engine = await rkcart.load(); // the embedded demo, as the CLI without --menu
});

// The native CLI's stdout for these arguments (exit 1 is a priced invalid cart).
function native(...args) {
  try {
    return execFileSync(cli, args, { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
  } catch (e) {
    if (e.status === 1) return e.stdout;
    throw e;
  }
}

const carts = readdirSync(join(testdata, 'carts')).filter((f) => f.endsWith('.json')).sort();

test('there are carts to compare', () => assert.ok(carts.length >= 8));

for (const file of carts) {
  const name = file.replace(/\.json$/, '');
  const cart = readFileSync(join(testdata, 'carts', file));
  test(`price ${name}: the native bytes`, () => {
    const got = engine.priceJSON(cart, { now: fixedNow, indent: true });
    assert.equal(got, native('price', '--now', fixedNow, join('testdata', 'carts', file)));
    const golden = join(testdata, 'golden', `price-${name}.json`);
    if (existsSync(golden)) assert.equal(got, readFileSync(golden, 'utf8'), 'and the golden file');
  });
  for (const dialect of ['savedeliveryorder', 'calcorder', 'postorder']) {
    test(`payload ${dialect} ${name}: the native bytes, or refused as natively`, () => {
      const want = native('payload', '--now', fixedNow, '--dialect', dialect, join('testdata', 'carts', file));
      let got = '';
      try {
        got = engine.emitBody(dialect, cart, { now: fixedNow });
      } catch (e) {
        assert.ok(e instanceof rkcart.RkcartError, String(e));
        assert.equal(e.problem.type, 'urn:rkcart:problem:refused');
      }
      assert.equal(got, want, 'a refused cart writes nothing natively either');
    });
  }
}

test('golden payloads, byte for byte', () => {
  const cases = [
    ['payload-savedeliveryorder-new-customer.json', 'savedeliveryorder', 'combo.json', {}],
    ['payload-postorder.json', 'postorder', 'valid-delivery.json', { order_number: 42, pay_online: true }],
    ['payload-forced-reference.json', 'savedeliveryorder', 'reference-pickup.json', { force: true }],
  ];
  for (const [golden, dialect, file, opts] of cases) {
    const got = engine.emitBody(dialect, readFileSync(join(testdata, 'carts', file)), { now: fixedNow, ...opts });
    assert.equal(got, readFileSync(join(testdata, 'golden', golden), 'utf8'), golden);
  }
});
