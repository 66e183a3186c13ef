// The module in a host whose globalThis.fs is Node's fs (Go's own
// wasm_exec_node.js sets it, and so do bundler shims): zones come from the
// embedded database, so no file is opened from inside a callback (which
// deadlocked the Go runtime: "all goroutines are asleep").
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { ensureBuilt, fixedNow } from './setup.mjs';

before(() => ensureBuilt());

const module = fileURLToPath(new URL('../rkcart.mjs', import.meta.url));

test('load and price with globalThis.fs set to node:fs (the issue\'s reproducer)', () => {
  const script = `
    import * as fs from 'node:fs';
    globalThis.fs = fs;
    const { load } = await import(${JSON.stringify(module)});
    const e = await load();
    const moscow = e.price(fs.readFileSync(${JSON.stringify(fileURLToPath(new URL('../../testdata/carts/combo.json', import.meta.url)))}), { now: ${JSON.stringify(fixedNow)} });
    const almaty = await load(undefined, undefined, { tz: 'Asia/Almaty' });
    console.log('ok', moscow.total, almaty.object);`;
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 60000 });
  assert.equal(out.trim(), 'ok 110500 199994335');
});
