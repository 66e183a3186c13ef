// Drives `rkcart serve` over loopback from Node, as a non-Go backend
// would: built-in fetch and the built-in test runner, nothing installed.
// RKCART_URL is the server's base URL (the Go test that starts it sets it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const base = process.env.RKCART_URL;
const carts = new URL('../../../testdata/carts/', import.meta.url);

async function post(path, body, headers = {}) {
  const res = await fetch(base + path, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });
  return { res, json: await res.json() };
}

test('a valid cart is priced to the kopeck', async () => {
  const { res, json } = await post('/v1/price', await readFile(new URL('combo.json', carts)));
  assert.equal(res.status, 200);
  assert.equal(json.valid, true);
  assert.equal(json.total, 110500);
  assert.match(res.headers.get('rkcart-menu-version'), /^[0-9a-f]{16}$/);
});

test('an invalid cart explains itself in Russian', async () => {
  const { res, json } = await post('/v1/price?lang=ru', await readFile(new URL('invalid-many.json', carts)));
  assert.equal(res.status, 200);
  assert.equal(json.valid, false);
  const email = json.violations.find((v) => v.code === 'bad_email');
  assert.ok(email, 'bad_email is reported');
  assert.equal(email.path, '/client/email');
  assert.match(email.message, /почты/);
  assert.equal(email.hint.action, 'ask');
});

test('a payload is the body to send, a refused one a problem', async () => {
  const ok = await post('/v1/payload/savedeliveryorder', await readFile(new URL('valid-pickup.json', carts)),
    { 'rkcart-now': '2026-11-23T12:00:00+03:00' });
  assert.equal(ok.res.status, 200);
  assert.equal(ok.json.method, 'POST');
  assert.equal(ok.json.path, 'savedeliveryorder');
  assert.ok(Array.isArray(ok.json.body.order));

  const refused = await post('/v1/payload/savedeliveryorder', await readFile(new URL('invalid-many.json', carts)));
  assert.equal(refused.res.status, 422);
  assert.equal(refused.res.headers.get('content-type'), 'application/problem+json');
  assert.equal(refused.json.type, 'urn:rkcart:problem:refused');
  assert.ok(refused.json.violations.length > 0);
});

test('a broken body names where it broke', async () => {
  const { res, json } = await post('/v1/price', '{"order": [');
  assert.equal(res.status, 400);
  assert.equal(json.kind, 'cart');
  assert.equal(json.line, 1);
});

test('the contract is served', async () => {
  const res = await fetch(base + '/openapi.json');
  const doc = await res.json();
  assert.equal(doc.openapi, '3.1.0');
  assert.ok(doc.paths['/v1/price']);
});
