// A Node backend placing an order through rkcart's gateway: the only
// changes from calling WebDelivery directly are the base URL and an
// Idempotency-Key per order, reused for that order's retries.
//
// node examples/gateway/client.mjs cart.json   (WEBDELIVERY_BASE, WEBDELIVERY_SID)
import { readFile } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';

const base = process.env.WEBDELIVERY_BASE ?? 'http://127.0.0.1:8090/api/v1/';
const cart = await readFile(process.argv[2] ?? 'cart.json');
const key = `order-${randomUUID()}`;

async function place(attempt = 1) {
  const res = await fetch(new URL('savedeliveryorder', base), {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', sid: process.env.WEBDELIVERY_SID ?? '', 'Idempotency-Key': key },
    body: cart,
    signal: AbortSignal.timeout(70_000),
  });
  // 409 (the same key still in flight) and 503 (the gateway's store is
  // down: nothing was sent) are safe to retry with the same key.
  if ((res.status === 409 || res.status === 503) && attempt < 5) {
    await new Promise((r) => setTimeout(r, 1000 * Number(res.headers.get('retry-after') ?? 1)));
    return place(attempt + 1);
  }
  return { outcome: res.headers.get('rkcart-outcome'), body: await res.json() };
}

const { outcome, body } = await place();
if (body.status === 'Ok') {
  console.log(`order ${body.data.visit_id}`);
} else if (outcome === 'unknown') {
  console.log(`unknown: the order may exist; it will not be sent again with key ${key} until resolved`);
  process.exitCode = 1;
} else {
  for (const e of body.errors ?? []) console.log(`${e.code} ${e.path ?? ''} ${e.text}`);
  process.exitCode = 1;
}
