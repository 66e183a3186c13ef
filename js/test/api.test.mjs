// The module's calls: results, problems (never a Go panic), lint, diff,
// the menu view, handles, options.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ensureBuilt, testdata, fixedNow } from './setup.mjs';

let rkcart;
before(async () => {
  ensureBuilt();
  rkcart = await import('../rkcart.mjs');
});

const cart = (name) => readFileSync(join(testdata, 'carts', name));

test('price: a valid cart to the kopeck, an invalid one explained', async () => {
  const e = await rkcart.load();
  assert.equal(e.object, 199994335);
  assert.match(e.version, /^[0-9a-f]{16}$/);
  const ok = e.price(cart('combo.json'), { now: fixedNow });
  assert.equal(ok.valid, true);
  assert.equal(ok.total, 110500);
  const bad = e.price(cart('invalid-many.json'), { lang: 'ru' });
  assert.equal(bad.valid, false);
  const email = bad.violations.find((v) => v.code === 'bad_email');
  assert.match(email.message, /почты/);
  assert.equal(email.hint.action, 'ask');
});

test('a document that cannot be read throws the problem object', async () => {
  const e = await rkcart.load();
  assert.throws(() => e.price('{"order": ['), (err) => {
    assert.ok(err instanceof rkcart.RkcartError);
    assert.equal(err.problem.type, 'urn:rkcart:problem:bad-document');
    assert.equal(err.problem.kind, 'cart');
    assert.equal(err.problem.line, 1);
    assert.equal(err.problem.status, 400);
    return true;
  });
  assert.throws(() => e.price('{}', { lang: 'fr' }), (err) => err.problem.type === 'urn:rkcart:problem:bad-option');
  await assert.rejects(rkcart.load('{"order": []}'), (err) => err.problem.pointer === '/menu');
  assert.throws(() => e.price(new Uint8Array(129 << 20)), (err) => err.problem.type === 'urn:rkcart:problem:too-large',
    'an argument over the cap is refused before it is copied into Go');
  assert.throws(() => e.price('{}', { lnag: 'ru' }), (err) => err.problem.type === 'urn:rkcart:problem:bad-option' &&
    /lnag/.test(err.problem.detail), 'a misspelt option is not silently the default');
});

test('emit: the body to send, or refused with the violations', async () => {
  const e = await rkcart.load();
  const p = e.emit('savedeliveryorder', cart('valid-pickup.json'), { now: fixedNow });
  assert.equal(p.method, 'POST');
  assert.equal(p.path, 'savedeliveryorder');
  assert.ok(Array.isArray(p.body.order));
  assert.throws(() => e.emit('savedeliveryorder', cart('invalid-many.json')), (err) =>
    err.problem.type === 'urn:rkcart:problem:refused' && err.problem.violations.length > 0);
  const forced = e.emit('calcorder', cart('invalid-many.json'), { force: true });
  assert.equal(forced.path, 'CalcOrder');
});

test('reconcile, lint, diff, menu, release', async () => {
  const e = await rkcart.load();
  const rec = e.reconcile(cart('calcorder-4x5000.json'), readFileSync(join(testdata, 'responses', 'calcorder-reference.json')));
  assert.equal(rec.verdict, 'discounted');
  assert.equal(rec.difference, -1000);
  const { menu } = await rkcart.demo();
  const l = await rkcart.lint(menu);
  assert.ok(l.stats.dishes > 0);
  const changed = JSON.parse(JSON.stringify(menu));
  changed.data.dishes[0].price += 100;
  const d = await rkcart.diff(menu, changed);
  assert.equal(d.equal, false);
  assert.equal(d.changes[0].kind, 'dish_price');
  const view = e.menu();
  assert.ok(view.dishes.some((x) => x.combo));
  e.release();
  assert.throws(() => e.price(cart('combo.json')), (err) => err.problem.type === 'urn:rkcart:problem:unknown-object');
});

// A plain success comes back through the module's output buffer (256 KiB)
// when it fits, as a string otherwise: both read the same.
test('answers within and beyond the output buffer', async () => {
  const big = readFileSync(join(testdata, 'menus', 'menu-data.json'));
  const e = await rkcart.load(big, '{"id":1,"name":"x"}');
  const view = e.menu(); // about 480 KB of JSON: the string path
  assert.ok(JSON.stringify(view).length > 256 << 10);
  assert.ok(view.dishes.length > 1000);
  const small = await rkcart.load();
  const first = small.priceJSON(cart('combo.json'), { now: fixedNow }); // the buffer
  const again = small.priceJSON(cart('valid-pickup.json'), { now: fixedNow });
  assert.deepEqual(JSON.parse(first), small.price(cart('combo.json'), { now: fixedNow }));
  assert.notEqual(first, again); // each answer is read before the next overwrites the buffer
  assert.equal(view.dishes.length, e.menu().dishes.length);
  e.release();
  small.release();
});

test('a restaurant in another zone and the pos profile', async () => {
  const e = await rkcart.load(null, null, { profile: 'pos', tz: 'Asia/Yekaterinburg' });
  const r = e.price(cart('reference-pickup.json'), { now: fixedNow });
  assert.ok(r.violations.every((v) => v.code !== 'max_one_dish_exceeded' || v.severity === 'warning'));
});

test('a restaurant without a menu, and options that are not an object, are refused', async () => {
  const problem = (f, type, re) => assert.throws(f, (err) => {
    assert.ok(err instanceof rkcart.RkcartError, String(err));
    assert.equal(err.problem.type, `urn:rkcart:problem:${type}`);
    assert.match(err.problem.detail, re);
    return true;
  });
  await assert.rejects(rkcart.load(null, '{"not":"a restaurant"}'), (err) => {
    assert.equal(err.problem.type, 'urn:rkcart:problem:bad-option');
    assert.match(err.problem.detail, /needs its menu/);
    return true;
  });
  await assert.rejects(rkcart.load(undefined, undefined, 'ru'), /options must be an object/);
  await assert.rejects(rkcart.load(undefined, undefined, ['ru']), /options/);
  const e = await rkcart.load(undefined, undefined, null); // null: no options
  problem(() => e.price(cart('combo.json'), 'ru'), 'bad-option', /options must be an object, not a string/);
  problem(() => e.price(cart('combo.json'), 42), 'bad-option', /not a number/);
  await assert.rejects(rkcart.load(undefined, undefined, { tz: 'Local' }), /tz/);
});

test('setAvailability: a stopped dish and a balance, refused documents, cleared with null', async () => {
  const { load, RkcartError } = await import('../rkcart.mjs');
  const engine = await load();
  const cart = readFileSync(join(testdata, 'carts', 'combo.json'));
  assert.equal(engine.price(cart, { now: fixedNow }).valid, true);
  engine.setAvailability({ taken_at: fixedNow, stopped: { dishes: [1000016] } });
  const r = engine.price(cart, { now: fixedNow, lang: 'ru' });
  assert.equal(r.valid, false);
  assert.ok(r.violations.some((v) => v.code === 'stopped'), 'a call with its own options sees it');
  assert.throws(() => engine.setAvailability({ taken_at: fixedNow, stoped: {} }), (err) =>
    err instanceof RkcartError && err.problem.kind === 'availability' && err.problem.pointer === '/stoped');
  engine.setAvailability(null);
  assert.equal(engine.price(cart, { now: fixedNow }).valid, true, 'null clears it');
  engine.release();
});

test('repair: a stopped dish dropped and priced, what needs the guest left', async () => {
  const { load } = await import('../rkcart.mjs');
  const engine = await load();
  const combo = readFileSync(join(testdata, 'carts', 'combo.json'));
  const same = engine.repair(combo, { now: fixedNow });
  assert.deepEqual(same.changes, [], 'a valid cart is not changed');
  assert.deepEqual(same.cart, JSON.parse(combo));
  engine.setAvailability({ taken_at: fixedNow, stopped: { modifiers: [1000388] } });
  const pickup = readFileSync(join(testdata, 'carts', 'valid-pickup.json'));
  const r = engine.repair(pickup, { now: fixedNow, lang: 'ru' });
  assert.equal(r.changes.length, 1);
  assert.equal(r.changes[0].action, 'drop');
  assert.equal(r.changes[0].code, 'stopped');
  assert.equal(r.changes[0].path, '/order/0/items/0');
  assert.ok(r.changes[0].delta < 0, 'dropping a paid modifier lowers the subtotal');
  assert.equal(r.result.valid, true);
  assert.equal(r.result.subtotal, engine.price(pickup, { now: fixedNow }).subtotal + r.changes[0].delta);
  const left = engine.repair(cart('invalid-many.json'), { now: fixedNow });
  assert.ok(left.left.some((v) => v.code === 'unknown_dish'), 'an unknown dish is left to the guest');
  engine.release();
});

test('price with menu_version: what changed for the cart since the menu the guest saw, kept 15 minutes after release', async () => {
  const { load, RkcartError } = await import('../rkcart.mjs');
  const demoMenu = readFileSync(join(testdata, '..', 'demo', 'menu.json'), 'utf8');
  const demoRest = readFileSync(join(testdata, '..', 'demo', 'restaurant.json'), 'utf8');
  const before = await load(demoMenu, demoRest);
  const after = await load(demoMenu.replace('"price": 8000,', '"price": 8500,'), demoRest);
  assert.notEqual(before.version, after.version);
  const pickup = readFileSync(join(testdata, 'carts', 'valid-pickup.json'));
  const r = after.price(pickup, { now: fixedNow, menu_version: before.version });
  assert.deepEqual(r.since, { version: before.version, changes: [{ kind: 'price_changed', path: '/order/1', old: 16000, new: 17000 }] });
  before.release(); // the kiosk moved on: the old menu stays for the grace window
  assert.deepEqual(after.price(pickup, { now: fixedNow, menu_version: before.version }).since.changes.length, 1);
  assert.deepEqual(after.price(pickup, { now: fixedNow, menu_version: after.version }).since.changes, []);
  assert.throws(() => after.price(pickup, { menu_version: 'nope' }), (err) =>
    err instanceof RkcartError && err.problem.type.endsWith('unknown-menu-version') && /"nope"/.test(err.problem.detail));
  after.release();
});
