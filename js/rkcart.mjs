// rkcart for the browser, Electron, WebViews and Node: the Go engine,
// built for WebAssembly, behind an ES module. The same rules, rounding and
// messages as the CLI and the sidecar, with no server.
//
//   import * as rkcart from './rkcart.mjs';
//   const engine = await rkcart.load(menuJSON, restaurantJSON, { lang: 'ru' });
//   const result = engine.price(cartJSON);       // the result object of `rkcart price`
//   if (!result.valid) result.violations.forEach((v) => console.log(v.code, v.path, v.message));
//
// Documents are strings, Uint8Arrays or plain objects (stringified). A
// document that cannot be read, or a refused payload, throws RkcartError,
// whose .problem is the sidecar's problem object (type, title, status,
// detail, kind, pointer, line, column, violations…); Go never throws.

let ready = null;

/** The problem object of a failed call, as an Error. */
export class RkcartError extends Error {
  constructor(problem) {
    super(problem.detail ? `${problem.title}: ${problem.detail}` : problem.title);
    this.name = 'RkcartError';
    this.problem = problem;
  }
}

const isNode = typeof process !== 'undefined' && !!process.versions?.node && typeof window === 'undefined';

/**
 * Loads the WebAssembly module once. wasm: a URL, a path (Node), bytes or
 * a Response; default: dist/rkcart.wasm beside this module. Every other
 * call awaits it, so calling it is optional.
 */
export function init(wasm) {
  if (!ready) ready = start(wasm);
  return ready;
}

async function start(wasm) {
  const base = new URL('./dist/', import.meta.url);
  if (typeof globalThis.Go === 'undefined') {
    if (isNode) {
      await import(new URL('wasm_exec.js', base).href);
    } else {
      await new Promise((resolve, reject) => {
        const s = document.createElement('script');
        s.src = new URL('wasm_exec.js', base).href;
        s.onload = resolve;
        s.onerror = () => reject(new Error('rkcart: cannot load wasm_exec.js'));
        document.head.appendChild(s);
      });
    }
  }
  const go = new globalThis.Go();
  let bytes;
  if (wasm instanceof Uint8Array || wasm instanceof ArrayBuffer) {
    bytes = wasm;
  } else if (isNode && (wasm === undefined || typeof wasm === 'string' || wasm instanceof URL)) {
    const { readFile } = await import('node:fs/promises');
    bytes = await readFile(wasm ?? new URL('rkcart.wasm', base));
  } else {
    const res = wasm instanceof Response ? wasm : await fetch(wasm ?? new URL('rkcart.wasm', base));
    if (!res.ok) throw new Error(`rkcart: cannot fetch the wasm module: ${res.status}`);
    bytes = await res.arrayBuffer();
  }
  const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
  go.run(instance); // returns when the module exits; it never does
  await new Promise((resolve) => setTimeout(resolve, 0));
  if (!globalThis.rkcartGo) throw new Error('rkcart: the wasm module did not register its functions');
  globalThis.rkcartGo.output(output);
  return globalThis.rkcartGo;
}

function doc(d) {
  if (d === undefined || d === null) return null;
  if (typeof d === 'string' || d instanceof Uint8Array) return d;
  return JSON.stringify(d);
}

// opt passes no options object when there is nothing in it: reading one
// costs the Go side a JSON.stringify call per price.
// Anything but an object goes through, for the Go side to refuse: 'ru' is
// not {lang: 'ru'}.
const opt = (o) => (o === undefined || o === null || (typeof o === 'object' && !Array.isArray(o) && Object.keys(o).length === 0) ? undefined : o);

// A plain success up to this size comes back in this buffer: the call
// answers its length (see main_js.go: a string made on the Go side costs
// more than decoding the bytes here).
const output = new Uint8Array(256 << 10);
const utf8 = new TextDecoder();

// unwrap reads a call's answer: a plain success is its JSON text alone (or
// its length in output), anything else an object {ok, json, body, problem}
// with the members set.
function unwrap(a, raw) {
  if (typeof a === 'number') a = utf8.decode(output.subarray(0, a));
  if (typeof a === 'string') return raw ? { ok: true, json: a } : JSON.parse(a);
  if (!a.ok) throw new RkcartError(JSON.parse(a.problem));
  return raw ? a : JSON.parse(a.json);
}

/** One loaded menu and restaurant, priced against offline. */
export class Engine {
  #go;
  #handle;
  /** @internal */
  constructor(go, info) {
    this.#go = go;
    this.#handle = info.handle;
    this.object = info.object;
    this.version = info.version;
  }

  /** Prices and validates a cart: the result object of `rkcart price`. */
  price(cart, options = {}) {
    return unwrap(this.#go.price(this.#handle, doc(cart), opt(options)));
  }

  /** The result as JSON text (options.indent: the CLI's exact bytes). */
  priceJSON(cart, options = {}) {
    return unwrap(this.#go.price(this.#handle, doc(cart), opt(options)), true).json;
  }

  /**
   * The nearest valid cart and the priced changes that make it, as
   * `rkcart repair` prints: {cart, changes, left, result}. What needs the
   * guest (an unknown dish, the delivery time, a phone) is in left.
   */
  repair(cart, options = {}) {
    return unwrap(this.#go.repair(this.#handle, doc(cart), opt(options)));
  }

  /** The POS request of a cart: {method, path, query, url, body}; throws RkcartError (type refused) when refused. */
  emit(dialect, cart, options = {}) {
    return unwrap(this.#go.emit(this.#handle, dialect, doc(cart), opt(options)));
  }

  /** The request body alone, as `rkcart payload` writes it. */
  emitBody(dialect, cart, options = {}) {
    return unwrap(this.#go.emit(this.#handle, dialect, doc(cart), opt(options)), true).body;
  }

  /** Reconciles the POS answer with the cart priced here. */
  reconcile(cart, answer, options = {}) {
    return unwrap(this.#go.reconcile(this.#handle, doc(cart), doc(answer), opt(options)));
  }

  /** The menu as a UI renders it (the sidecar's GET /v1/menu). */
  menu() {
    return unwrap(this.#go.menu(this.#handle, {}));
  }

  /**
   * Sets what is stopped and what is left (rkcart's availability document:
   * {taken_at, stopped: {dishes, modifiers}, balances: {dishes, modifiers}});
   * null clears it. Every later call sees it. Throws RkcartError
   * (bad-document, with the pointer) for a document that cannot be read.
   */
  setAvailability(availability) {
    unwrap(this.#go.setAvailability(this.#handle, doc(availability)));
  }

  /** Frees the menu; the engine cannot be used after. */
  release() {
    unwrap(this.#go.release(this.#handle));
  }
}

/** Loads a menu (a `dishes` response) and restaurant; no menu: the embedded demo. */
export async function load(menu, restaurant, options = {}) {
  const go = await init();
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    // Not an options object: the Go side refuses it with a bad-option problem.
    return new Engine(go, unwrap(go.load(doc(menu), doc(restaurant), options ?? undefined)));
  }
  const { menutree, ...rest } = options;
  return new Engine(go, unwrap(go.load(doc(menu), doc(restaurant), rest, doc(menutree))));
}

/** Lints a menu: {stats, findings}. */
export async function lint(menu, options = {}) {
  return unwrap((await init()).lint(doc(menu), options));
}

/** Diffs two menus: {equal, changes}. */
export async function diff(oldMenu, newMenu, options = {}) {
  return unwrap((await init()).diff(doc(oldMenu), doc(newMenu), options));
}

/** The embedded demo documents: {menu, restaurant}. */
export async function demo() {
  return unwrap((await init()).demo());
}
