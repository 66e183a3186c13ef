// Drives `rkcart fakepos` over loopback from Node, as a non-Go backend's
// integration test would: rests → dishes → CalcOrder → savedeliveryorder
// → payment → Order → courier, then a fault. RKCART_FAKEPOS is the base URL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';

const base = process.env.RKCART_FAKEPOS;
const root = base.replace(/\/api\/v1\/$/, '');
const cart = JSON.parse(await readFile(new URL('../../../testdata/carts/valid-pickup.json', import.meta.url), 'utf8'));

async function call(method, path, body) {
  const res = await fetch(base + path, { method, body: body && JSON.stringify(body), headers: { 'content-type': 'application/json' } });
  assert.equal(res.headers.get('x-rkcart-fake'), 'fakepos');
  return { status: res.status, json: await res.json() };
}

test('the whole flow', async () => {
  const rests = await call('GET', 'rests?corpid=19999');
  assert.equal(rests.json.status, 'Ok');
  const object = rests.json.data.rests[0].id;
  const dishes = await call('GET', `dishes?objectid=${object}`);
  assert.ok(dishes.json.data.dishes.length > 0);
  const calc = await call('POST', 'CalcOrder', cart);
  assert.equal(calc.json.data.Payments[0].name, 'Rubles');
  const saved = await call('POST', 'savedeliveryorder', cart);
  assert.equal(saved.json.status, 'Ok');
  assert.equal(saved.json.data.order_sum, String(calc.json.data.Payments[0].amount));
  const visit = saved.json.data.visit_id;
  const paid = await call('POST', 'payment', { object_id: object, visit_id: Number(visit),
    payments: [{ currency_id: 1, extpay_id: 'ASSIST', amount: 1000, promised: false }] });
  assert.equal(paid.json.status, 'Ok');
  const order = await call('GET', `Order?objectId=${object}&visitId=${visit}`);
  assert.equal(order.json.data.unpaid_sum, order.json.data.order_sum - 1000);
  const courier = await call('GET', `courier?objectId=${object}&visitId=${visit}`);
  assert.equal(courier.json.data.dlvStateID, 0);
});

test('a fault set through the control endpoint', async () => {
  const set = await fetch(root + '/_fakepos/faults', { method: 'POST', body: JSON.stringify([{ method: 'dishes', kind: 'dlw23', count: 1 }]) });
  assert.equal(set.status, 200);
  const first = await call('GET', 'dishes?objectid=199994335');
  assert.equal(first.json.status, 'Err');
  assert.equal(first.json.errors[0].code, 'DLW-0023');
  const second = await call('GET', 'dishes?objectid=199994335');
  assert.equal(second.json.status, 'Ok');
  const snap = await (await fetch(root + '/_fakepos/snapshot')).json();
  assert.equal(snap.orders.length, 1);
});
