// The npm package installs and works: npm pack (whose prepack builds
// dist/), install the tarball into an empty folder with no registry, import
// it by name from a plain Node script, price the demo cart. The package's
// version is the newest release of CHANGELOG.md.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { root, testdata, fixedNow } from './setup.mjs';

const js = fileURLToPath(new URL('..', import.meta.url));

test('npm pack installs into an empty project and prices the demo cart', () => {
  const out = mkdtempSync(join(tmpdir(), 'rkcart-pack-'));
  const name = execFileSync('npm', ['pack', '--silent', '--pack-destination', out], { cwd: js, encoding: 'utf8', timeout: 300000 })
    .trim().split('\n').pop();
  const listing = execFileSync('tar', ['tzf', join(out, name)], { encoding: 'utf8' });
  for (const f of ['package/rkcart.mjs', 'package/rkcart.d.ts', 'package/dist/rkcart.wasm', 'package/dist/wasm_exec.js']) {
    assert.ok(listing.includes(f), `${f} is in the package`);
  }
  const app = mkdtempSync(join(tmpdir(), 'rkcart-app-'));
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'app', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--silent', '--no-audit', '--no-fund', '--offline', join(out, name)], { cwd: app, timeout: 120000 });
  const cart = join(testdata, 'carts', 'combo.json');
  writeFileSync(join(app, 'main.mjs'), `
    import { readFileSync } from 'node:fs';
    import { load } from 'rkcart';
    const e = await load();
    const r = e.price(readFileSync(${JSON.stringify(cart)}, 'utf8'), { now: ${JSON.stringify(fixedNow)} });
    console.log(r.valid, r.total);`);
  const got = execFileSync(process.execPath, ['main.mjs'], { cwd: app, encoding: 'utf8', timeout: 60000 });
  assert.equal(got.trim(), 'true 110500');
});

test('the package version is the newest release of the changelog', () => {
  const pkg = JSON.parse(readFileSync(join(js, 'package.json'), 'utf8'));
  const changelog = readFileSync(join(root, 'CHANGELOG.md'), 'utf8');
  const newest = changelog.match(/^## \[(\d+\.\d+\.\d+)\]/m);
  assert.ok(newest, 'CHANGELOG.md has a release');
  assert.equal(pkg.version, newest[1]);
});
