// The WebAssembly budgets, measured in one run: the gzipped size of
// dist/rkcart.wasm, and the time to price the 10-line benchmark cart
// (bench/cartfile: the bytes of BenchmarkPriceJSON) in the wasm build under
// Node against native Engine.PriceJSON (go test -bench PriceJSON/lines=10)
// on this machine, alternating, five rounds each. The wasm call also
// writes the answer's JSON, which PriceJSON does not: the same call natively
// (cmd/wasm BenchmarkSessionPrice: decoding, pricing, the answer, its copy —
// all but the JavaScript bridge) is reported beside it. Targets (issue 27):
// ≤ 1.2 MB gzipped, ≤ 5× native (js/test/size.test.mjs holds the size's
// budget). Usage: node bench.mjs
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { build } from './build.mjs';

const dist = build();
const root = join(dist, '..', '..');
const gz = gzipSync(readFileSync(join(dist, 'rkcart.wasm')), { level: 9 }).length;
const dir = mkdtempSync(join(tmpdir(), 'rkcart-bench-'));
execFileSync('go', ['run', './bench/cartfile', dir], { cwd: root, stdio: 'inherit' });
const menu = readFileSync(join(dir, 'menu.json'));
const cart = readFileSync(join(dir, 'cart.json'));

const rkcart = await import('./rkcart.mjs');
const engine = await rkcart.load(menu, '{"id":1,"name":"bench"}', { tz: 'UTC', now: '2026-01-01T12:00:00Z' });
if (!engine.price(cart).valid) throw new Error('the benchmark cart is invalid in the wasm build');

function wasmRound() {
  const n = 5000;
  for (let i = 0; i < 500; i++) engine.priceJSON(cart);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) engine.priceJSON(cart);
  return Number(process.hrtime.bigint() - t0) / n;
}

function goBench(pkg, bench, re) {
  const out = execFileSync('go', ['test', pkg, '-run', '^$', '-bench', bench, '-count', '1'], { cwd: root, encoding: 'utf8' });
  const m = out.match(re);
  if (!m) throw new Error(`no ${bench} figure in:\n` + out);
  return Number(m[1]);
}
const nativeRound = () => goBench('./bench', '^BenchmarkPriceJSON$/lines=10$', /PriceJSON\/lines=10\S*\s+\d+\s+([\d.]+) ns\/op/);
const sessionRound = () => goBench('./cmd/wasm', '^BenchmarkSessionPrice$', /SessionPrice\S*\s+\d+\s+([\d.]+) ns\/op/);

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const wasm = [], native = [], session = [];
for (let r = 0; r < 5; r++) {
  wasm.push(wasmRound());
  native.push(nativeRound());
  session.push(sessionRound());
}
console.log(`rkcart.wasm: ${readFileSync(join(dist, 'rkcart.wasm')).length} bytes, ${gz} gzipped (-9) (target 1,200,000; test budget 1,460,000)`);
console.log(`price 10-line cart: wasm under Node ${(median(wasm) / 1000).toFixed(1)} µs, native PriceJSON ${(median(native) / 1000).toFixed(1)} µs, ` +
  `ratio ${(median(wasm) / median(native)).toFixed(2)}× (target 5×); medians of 5 alternating rounds`);
console.log(`  the same call natively (BenchmarkSessionPrice: decoding, pricing, the answer's JSON) ${(median(session) / 1000).toFixed(1)} µs, ` +
  `ratio ${(median(wasm) / median(session)).toFixed(2)}×`);
console.log(`  wasm rounds µs: ${wasm.map((x) => (x / 1000).toFixed(1)).join(' ')}; native rounds µs: ${native.map((x) => (x / 1000).toFixed(1)).join(' ')}; ` +
  `session rounds µs: ${session.map((x) => (x / 1000).toFixed(1)).join(' ')}`);
