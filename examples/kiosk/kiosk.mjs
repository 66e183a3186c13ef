// The kiosk demo: the embedded demo menu, priced in the page by the
// WebAssembly build — no server. Pick dishes and modifiers (or a combo's
// slot dishes); the total and the violations, with their messages and
// hints in English or Russian, follow every change.
import * as rkcart from '../../js/rkcart.mjs';

// A pickup order at a fixed demo clock, so the demo's delivery time is
// always valid; a real kiosk would leave now out (the device's clock).
const NOW = '2026-11-23T12:00:00+03:00';
const header = { objectid: 199994335, order_type: 0, pay_type: 0, delivery_time: '2099-01-15T13:00:00',
  client: { phone: '79996661010', ln: 'Kiosk' } };

const $ = (id) => document.getElementById(id);
const state = { lines: [] }; // {dish, picked: Map(groupId → Set(optionId))}
let engine, view, byId;

const rub = (k) => (k / 100).toFixed(2);

function cart() {
  return {
    ...header,
    order: state.lines.map(({ dish, picked }) => {
      const items = [];
      for (const [, opts] of picked) {
        for (const id of opts) {
          const o = optionOf(dish, id);
          items.push(dish.combo ? { id: o.dish_id, type: 'cc', qnt: 1000 } : { id, type: 'm', qnt: 1000 });
        }
      }
      return { id: dish.id, type: dish.combo ? 'c' : 'd', qnt: 1000, items };
    }),
  };
}

function optionOf(dish, id) {
  for (const g of dish.groups) for (const m of g.modifiers) if (m.id === id) return m;
  return null;
}

function renderMenu() {
  $('menu').replaceChildren(...view.dishes.filter((d) => d.active).map((d) => {
    const row = document.createElement('div');
    row.className = 'dish';
    row.innerHTML = `<span>${escape(d.name)} — ${rub(d.price)} ₽</span>`;
    const b = document.createElement('button');
    b.textContent = 'Add';
    b.dataset.add = d.id;
    b.onclick = () => { state.lines.push({ dish: d, picked: new Map() }); update(); };
    row.append(b);
    return row;
  }));
}

function renderCart(result) {
  $('cart').replaceChildren(...state.lines.map((ln, i) => {
    const div = document.createElement('div');
    div.className = 'line';
    const priced = result.lines.find((l) => l.path === `/order/${i}`);
    div.innerHTML = `<strong>${escape(ln.dish.name)}</strong> ${priced ? rub(priced.amount) + ' ₽' : ''}`;
    const del = document.createElement('button');
    del.textContent = '×';
    del.dataset.remove = i;
    del.onclick = () => { state.lines.splice(i, 1); update(); };
    div.append(' ', del);
    for (const g of ln.dish.groups.filter((g) => g.active && !g.common)) {
      const gd = document.createElement('div');
      gd.className = 'group';
      const lim = [g.min !== null ? `min ${g.min}` : '', g.max !== null ? `max ${g.max}` : ''].filter(Boolean).join(', ');
      gd.innerHTML = `<h4>${escape(g.name)}${lim ? ' (' + lim + ')' : ''}</h4>`;
      for (const m of g.modifiers.filter((m) => m.active)) {
        const label = document.createElement('label');
        const box = document.createElement('input');
        box.type = 'checkbox';
        box.dataset.line = i;
        box.dataset.group = g.id;
        box.dataset.option = ln.dish.combo ? m.dish_id : m.id;
        box.checked = ln.picked.get(g.id)?.has(m.id) ?? false;
        box.onchange = () => {
          const set = ln.picked.get(g.id) ?? new Set();
          box.checked ? set.add(m.id) : set.delete(m.id);
          ln.picked.set(g.id, set);
          update();
        };
        const name = ln.dish.combo ? byId.get(m.dish_id)?.name ?? m.name : m.name;
        const def = g.default === m.id ? ' (default: added when nothing is chosen)' : '';
        label.append(box, ` ${name}${m.price ? ' +' + rub(m.price) + ' ₽' : ''}${def}`);
        gd.append(label);
      }
      div.append(gd);
    }
    return div;
  }));
}

function update() {
  const lang = $('lang').value;
  let result;
  try {
    result = engine.price(cart(), { now: NOW, lang });
  } catch (e) {
    $('status').textContent = e instanceof rkcart.RkcartError ? `${e.problem.title}: ${e.problem.detail}` : String(e);
    return;
  }
  renderCart(result);
  $('total').textContent = rub(result.total);
  $('valid').textContent = state.lines.length === 0 ? '' : result.valid ? '✓' : '';
  $('violations').replaceChildren(...result.violations.filter((v) => state.lines.length || v.code !== 'empty_order').map((v) => {
    const li = document.createElement('li');
    li.className = v.severity;
    li.dataset.code = v.code;
    li.innerHTML = `${escape(v.message)} <span class="hint">${v.hint ? escape(hintText(v.hint)) : ''}</span>`;
    return li;
  }));
  document.body.dataset.valid = String(result.valid);
}

function hintText(h) {
  if (h.action === 'add' && h.options) {
    return `→ choose: ${h.options.map((id) => byId.get(id)?.name ?? id).join(', ')}`;
  }
  return `→ ${h.action}`;
}

function escape(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

async function main() {
  engine = await rkcart.load(); // the embedded demo menu and restaurant
  view = engine.menu();
  byId = new Map(view.dishes.map((d) => [d.id, d]));
  renderMenu();
  $('lang').onchange = update;
  update();
  $('status').textContent = `ready (menu ${engine.version})`;
  document.body.dataset.ready = 'true';
}

main().catch((e) => { $('status').textContent = String(e); });
