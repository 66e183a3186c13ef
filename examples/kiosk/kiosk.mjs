// The kiosk demo: the embedded demo menu, priced in the page by the
// WebAssembly build — no server. Pick dishes and modifiers (or a combo's
// slot dishes); the total and the violations, with their messages and
// hints in English or Russian, follow every change. It also shows what a
// kiosk does when things change under the guest:
//   - a stop list (here a button; a real kiosk gets the availability
//     document from its backend): stopped dishes are shown unavailable,
//     and a cart that holds one is invalid until fixed;
//   - "Fix my cart": engine.repair, which drops what is stopped, caps what
//     is over a limit, adds a required default, and says what it did;
//   - a menu reload (here: the demo menu with new prices): the cart is
//     priced against the new menu with the version the guest saw, and
//     every changed price is said in words.
import * as rkcart from '../../js/rkcart.mjs';

// A pickup order at a fixed demo clock, so the demo's delivery time is
// always valid; a real kiosk would leave now out (the device's clock).
const NOW = '2026-11-23T12:00:00+03:00';
const header = { objectid: 199994335, order_type: 0, pay_type: 0, delivery_time: '2099-01-15T13:00:00',
  client: { phone: '79996661010', ln: 'Kiosk' } };
// What the demo's buttons change: Apple juice is stopped; the new menu
// raises its price from 80.00 to 85.00.
const STOPPED_DISH = 1000042;

// Every word the page shows, in both languages. Data (dish and modifier
// names) comes from the menu; everything else from here.
const text = {
  en: {
    title: 'rkcart kiosk demo', menu: 'Menu', order: 'Order', total: 'Total', add: 'Add', unavailable: 'unavailable',
    fix: 'Fix my cart', stop: 'Stop list: stop Apple juice', reload: 'Reload the menu (new prices)',
    ready: (v) => `ready (menu ${v})`, loading: 'loading…', min: 'min', max: 'max',
    def: ' (default: added when nothing is chosen)', choose: 'choose', fixed: 'Changed:',
    actions: { drop: 'removed', cap: 'reduced', set_quantity: 'made a whole quantity', add_default: 'added the default', replace: 'replaced by the default' },
    priceChanged: (name, a, b) => `The price of ${name} changed from ${a} to ${b}.`,
    unavailableNow: (name) => `${name} is no longer available.`,
    removedNow: (name) => `${name} is no longer on the menu.`,
    limitsNow: (name) => `The choices of ${name} changed.`,
    hint: { remove: 'remove it', set_qnt: 'change the quantity', add: 'add', reduce: 'choose fewer', limit: 'choose fewer', ask: 'fill it in', set: 'choose a value', set_delivery_time: 'choose another time', add_line: 'add a dish', add_amount: 'add more', reduce_dish: 'order fewer' },
  },
  ru: {
    title: 'Киоск rkcart', menu: 'Меню', order: 'Заказ', total: 'Итого', add: 'Добавить', unavailable: 'нет в наличии',
    fix: 'Исправить заказ', stop: 'Стоп-лист: снять яблочный сок', reload: 'Обновить меню (новые цены)',
    ready: (v) => `готово (меню ${v})`, loading: 'загрузка…', min: 'мин.', max: 'макс.',
    def: ' (по умолчанию, если ничего не выбрано)', choose: 'выберите', fixed: 'Изменено:',
    actions: { drop: 'удалено', cap: 'уменьшено', set_quantity: 'количество округлено', add_default: 'добавлено по умолчанию', replace: 'заменено на вариант по умолчанию' },
    priceChanged: (name, a, b) => `Цена «${name}» изменилась с ${a} на ${b}.`,
    unavailableNow: (name) => `«${name}» больше нет в наличии.`,
    removedNow: (name) => `«${name}» больше нет в меню.`,
    limitsNow: (name) => `Варианты для «${name}» изменились.`,
    hint: { remove: 'уберите', set_qnt: 'измените количество', add: 'добавьте', reduce: 'выберите меньше', limit: 'выберите меньше', ask: 'заполните', set: 'выберите значение', set_delivery_time: 'выберите другое время', add_line: 'добавьте блюдо', add_amount: 'добавьте ещё', reduce_dish: 'закажите меньше' },
  },
};

const $ = (id) => document.getElementById(id);
const state = { lines: [], stopped: new Set(), notes: [] }; // lines: {dish, picked: Map(groupId → Set(optionId))}
let engine, view, byId;

const t = () => text[$('lang').value];
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

// linesOf turns a cart (a repaired one) back into the page's lines.
function linesOf(c) {
  return c.order.map((l) => {
    const dish = byId.get(Number(l.id));
    const picked = new Map();
    for (const it of l.items ?? []) {
      for (const g of dish.groups) {
        const m = g.modifiers.find((m) => (dish.combo ? m.dish_id : m.id) === Number(it.id));
        if (m) {
          const set = picked.get(g.id) ?? new Set();
          set.add(m.id);
          picked.set(g.id, set);
          break;
        }
      }
    }
    return { dish, picked };
  });
}

function optionOf(dish, id) {
  for (const g of dish.groups) for (const m of g.modifiers) if (m.id === id) return m;
  return null;
}

function renderStatic() {
  const w = t();
  document.documentElement.lang = $('lang').value;
  for (const el of document.querySelectorAll('[data-text]')) el.textContent = w[el.dataset.text];
  $('status').textContent = engine ? w.ready(engine.version) : w.loading;
}

function renderMenu() {
  const w = t();
  $('menu').replaceChildren(...view.dishes.filter((d) => d.active).map((d) => {
    const row = document.createElement('div');
    row.className = 'dish';
    const stopped = state.stopped.has(d.id);
    row.dataset.dish = d.id;
    row.dataset.available = String(!stopped);
    row.innerHTML = `<span>${escape(d.name)} — ${rub(d.price)} ₽${stopped ? ` <em class="unavailable">${escape(w.unavailable)}</em>` : ''}</span>`;
    const b = document.createElement('button');
    b.textContent = w.add;
    b.dataset.add = d.id;
    b.disabled = stopped;
    b.onclick = () => { state.lines.push({ dish: d, picked: new Map() }); state.notes = []; update(); };
    row.append(b);
    return row;
  }));
}

function renderCart(result) {
  const w = t();
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
      const lim = [g.min !== null ? `${w.min} ${g.min}` : '', g.max !== null ? `${w.max} ${g.max}` : ''].filter(Boolean).join(', ');
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
        const def = g.default === m.id ? w.def : '';
        label.append(box, ` ${name}${m.price ? ' +' + rub(m.price) + ' ₽' : ''}${def}`);
        gd.append(label);
      }
      div.append(gd);
    }
    return div;
  }));
}

function update(priceOptions = {}) {
  const w = t();
  renderStatic();
  renderMenu();
  let result;
  try {
    result = engine.price(cart(), { now: NOW, lang: $('lang').value, ...priceOptions });
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
  $('fix').hidden = result.valid || state.lines.length === 0;
  $('notes').replaceChildren(...state.notes.map((n) => {
    const li = document.createElement('li');
    li.dataset.note = n.kind;
    li.textContent = n.text(w);
    return li;
  }));
  document.body.dataset.valid = String(result.valid);
  return result;
}

function hintText(h) {
  const w = t();
  if (h.action === 'add' && h.options) {
    return `→ ${w.choose}: ${h.options.map((id) => byId.get(id)?.name ?? id).join(', ')}`;
  }
  return `→ ${w.hint[h.action] ?? h.action}`;
}

function nameAt(c, path) {
  const m = /^\/order\/(\d+)(?:\/items\/(\d+))?/.exec(path);
  if (!m) return path;
  const line = c.order[Number(m[1])];
  if (!line) return path;
  if (m[2] === undefined) return byId.get(Number(line.id))?.name ?? String(line.id);
  const it = line.items[Number(m[2])];
  const dish = byId.get(Number(line.id));
  for (const g of dish?.groups ?? []) {
    const o = g.modifiers.find((o) => (dish.combo ? o.dish_id : o.id) === Number(it.id));
    if (o) return dish.combo ? byId.get(o.dish_id)?.name ?? o.name : o.name;
  }
  return String(it.id);
}

// fix repairs the cart and says, in the page's language, what changed.
function fix() {
  const c = cart();
  const r = engine.repair(c, { now: NOW, lang: $('lang').value });
  state.notes = [];
  for (const ch of r.changes) {
    const name = ch.before && ch.before !== null && typeof ch.before === 'object' && 'id' in ch.before
      ? (byId.get(Number(ch.before.id))?.name ?? nameAt(c, ch.path)) : nameAt(c, ch.path);
    state.notes.push({ kind: ch.action, text: (w) => `${w.fixed} ${name}: ${w.actions[ch.action]} (${ch.delta >= 0 ? '+' : ''}${rub(ch.delta)} ₽)` });
  }
  state.lines = linesOf(r.cart);
  update();
}

// stop applies the demo's stop list (a real kiosk: its backend's
// availability document).
function stop() {
  state.stopped = new Set([STOPPED_DISH]);
  engine.setAvailability({ taken_at: NOW, stopped: { dishes: [...state.stopped] } });
  update();
}

// reload loads the new menu, prices the cart against it with the version
// the guest saw, says what changed, and lets the old engine go (it stays
// available to menu_version for 15 minutes).
async function reload() {
  const docs = await rkcart.demo();
  const menu = JSON.stringify(docs.menu).replace('"price":8000,', '"price":8500,'); // Apple juice: 80.00 → 85.00
  const next = await rkcart.load(menu, JSON.stringify(docs.restaurant));
  const seen = engine.version;
  const old = engine;
  engine = next;
  if (state.stopped.size) engine.setAvailability({ taken_at: NOW, stopped: { dishes: [...state.stopped] } });
  view = engine.menu();
  byId = new Map(view.dishes.map((d) => [d.id, d]));
  state.lines = state.lines.map((l) => ({ dish: byId.get(l.dish.id) ?? l.dish, picked: l.picked }));
  const c = cart();
  const r = engine.price(c, { now: NOW, lang: $('lang').value, menu_version: seen });
  old.release();
  state.notes = r.since.changes.map((ch) => {
    const name = nameAt(c, ch.path);
    switch (ch.kind) {
      case 'price_changed':
        return { kind: ch.kind, text: (w) => w.priceChanged(name, rub(ch.old), rub(ch.new)) };
      case 'now_unavailable':
        return { kind: ch.kind, text: (w) => w.unavailableNow(name) };
      case 'removed':
        return { kind: ch.kind, text: (w) => w.removedNow(name) };
      default:
        return { kind: ch.kind, text: (w) => w.limitsNow(name) };
    }
  });
  update();
}

function escape(s) {
  return String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);
}

async function main() {
  renderStatic();
  engine = await rkcart.load(); // the embedded demo menu and restaurant
  view = engine.menu();
  byId = new Map(view.dishes.map((d) => [d.id, d]));
  $('lang').onchange = () => update();
  $('fix').onclick = fix;
  $('stop').onclick = stop;
  $('reload').onclick = () => reload().catch((e) => { $('status').textContent = String(e); });
  update();
  document.body.dataset.ready = 'true';
}

main().catch((e) => { $('status').textContent = String(e); });
