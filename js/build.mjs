// Builds dist/rkcart.wasm (GOOS=js) and dist/rkcart-wasi.wasm (GOOS=wasip1)
// from ../cmd/wasm, and copies Go's wasm_exec.js beside them. Run by the
// tests before they start (go's build cache makes a rebuild cheap); needs
// the go command. `node build.mjs` builds by hand.
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';

const here = fileURLToPath(new URL('.', import.meta.url));
export const dist = join(here, 'dist');

export function build() {
  mkdirSync(dist, { recursive: true });
  const root = join(here, '..');
  const go = (env, out) => execFileSync('go', ['build', '-trimpath', '-ldflags=-s -w', '-o', out, './cmd/wasm'],
    { cwd: root, env: { ...process.env, GOARCH: 'wasm', ...env }, stdio: ['ignore', 'inherit', 'inherit'] });
  go({ GOOS: 'js' }, join(dist, 'rkcart.wasm'));
  go({ GOOS: 'wasip1' }, join(dist, 'rkcart-wasi.wasm'));
  const goroot = execFileSync('go', ['env', 'GOROOT'], { encoding: 'utf8' }).trim();
  copyFileSync(join(goroot, 'lib', 'wasm', 'wasm_exec.js'), join(dist, 'wasm_exec.js'));
  return dist;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  build();
  console.log('built', dist);
}
