// The TypeScript declarations against the sidecar's OpenAPI schemas: every
// interface of rkcart.d.ts that names a schema has the schema's members,
// optional exactly where the schema does not require them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './setup.mjs';

const dts = readFileSync(join(root, 'js', 'rkcart.d.ts'), 'utf8');
const schemas = JSON.parse(readFileSync(join(root, 'server', 'openapi.json'), 'utf8')).components.schemas;

function interfaces(src) {
  const out = {};
  for (const m of src.matchAll(/export interface (\w+)(?: extends \w+)? \{([^}]*)\}/g)) {
    const members = {};
    for (const line of m[2].split('\n')) {
      const f = line.match(/^\s*(\w+)(\?)?:/);
      if (f) members[f[1]] = { optional: !!f[2] };
    }
    out[m[1]] = members;
  }
  return out;
}

const declared = interfaces(dts);
const shared = Object.keys(declared).filter((n) => schemas[n]);

test('the result and problem types are declared', () => {
  for (const name of ['Result', 'PricedLine', 'PricedModifier', 'PricedComponent', 'Violation', 'Hint', 'Problem',
    'Payload', 'Reconciliation', 'Explanation', 'Lint', 'Finding', 'Stats', 'Diff', 'Change', 'MenuView', 'DishView',
    'GroupView', 'ModifierView', 'Category', 'RestaurantView']) {
    assert.ok(declared[name], `rkcart.d.ts declares ${name}`);
    assert.ok(schemas[name], `openapi.json has ${name}`);
  }
});

for (const name of shared) {
  test(`${name} matches its OpenAPI schema`, () => {
    const schema = schemas[name];
    const required = new Set(schema.required ?? []);
    const props = Object.keys(schema.properties ?? {}).sort();
    assert.deepEqual(Object.keys(declared[name]).sort(), props, `${name}: members`);
    for (const p of props) {
      assert.equal(declared[name][p].optional, !required.has(p), `${name}.${p}: optional iff not required`);
    }
  });
}
