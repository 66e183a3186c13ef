// The WebAssembly module a kiosk downloads, gzipped (level 9), against its
// budget. The issue-27 target is 1.2 MB; the module is at about 1.45 MB
// (from 1.76 MB: math/big, regexp, golang.org/x/text and Go's FIPS
// packages are gone from it, and identical zones share their bytes in the
// zone database), so the budget guards that ground while bench/README.md
// tracks what is left: the runtime, encoding/json with reflect, the zone
// database (72 KB). Raise it only with a reason in the commit message.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { ensureBuilt, root } from './setup.mjs';

const budget = 1_460_000; // bytes, gzipped

test(`the module is at most ${budget} bytes gzipped`, () => {
  ensureBuilt();
  const gz = gzipSync(readFileSync(join(root, 'js', 'dist', 'rkcart.wasm')), { level: 9 }).length;
  console.log(`rkcart.wasm: ${gz} bytes gzipped (budget ${budget})`);
  assert.ok(gz <= budget, `rkcart.wasm is ${gz} bytes gzipped, over its budget of ${budget}`);
});

test('the module links no big numbers, regular expressions, text tables or cryptography', () => {
  // go list, not the binary: the packages are what the budget is made of.
  const { execFileSync } = process.getBuiltinModule('node:child_process');
  const deps = execFileSync('go', ['list', '-deps', './cmd/wasm'], { cwd: root, encoding: 'utf8', env: { ...process.env, GOOS: 'js', GOARCH: 'wasm' } })
    .split('\n');
  for (const bad of ['math/big', 'regexp', 'crypto/sha256', 'github.com/shopspring/decimal', 'github.com/samber/lo']) {
    assert.ok(!deps.includes(bad), `cmd/wasm links ${bad}`);
  }
  assert.ok(!deps.some((d) => d.includes('golang.org/x/text')), 'cmd/wasm links golang.org/x/text');
  assert.ok(!deps.some((d) => d.includes('fips140')), 'cmd/wasm links the FIPS 140 module');
});
