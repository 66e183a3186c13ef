// TypeScript declarations of rkcart.mjs. The result and problem shapes are
// the sidecar's OpenAPI schemas (server/openapi.json); test/types.test.mjs
// checks every interface below against the schema of the same name:
// the same members, optional exactly where the schema does not require.

/** Kopecks (integer minor units). */
export type Kopecks = number;
/** Thousandths of a piece (1000 = one). */
export type Qty = number;

export interface Hint {
  action: string;
  path: string;
  id?: number;
  qnt?: Qty;
  count?: number;
  type?: string;
  add?: number[];
  options?: number[];
  items?: string[];
  values?: number[];
  amount?: Kopecks;
  delivery_time?: string;
}

export interface Violation {
  code: string;
  severity: 'error' | 'warning';
  path: string;
  params: Record<string, string | number | boolean>;
  message: string;
  hint?: Hint;
}

export interface PricedModifier {
  path?: string;
  id: number;
  name: string;
  group_id: number;
  qnt: Qty;
  price: Kopecks;
  amount: Kopecks;
  implied: boolean;
}

export interface PricedComponent {
  path?: string;
  id: number;
  name: string;
  group_id: number;
  qnt: Qty;
  price: Kopecks;
  amount: Kopecks;
  implied: boolean;
  modifiers: PricedModifier[];
}

export interface PricedLine {
  path: string;
  type: 'd' | 'c';
  id: number;
  name: string;
  qnt: Qty;
  amount: Kopecks;
  modifiers: PricedModifier[];
  components: PricedComponent[];
}

export interface Result {
  valid: boolean;
  subtotal: Kopecks;
  delivery_price: Kopecks;
  total: Kopecks;
  lines: PricedLine[];
  violations: Violation[];
  /** With the menu_version option: what changed for this cart since that menu. */
  since?: Since;
}

/** What changed for a cart since the menu version the guest saw. */
export interface Since {
  version: string;
  changes: SinceChange[];
}

/** One change for a line: price_changed (old and new line amounts), now_unavailable, removed, limits_changed. */
export interface SinceChange {
  kind: 'price_changed' | 'now_unavailable' | 'removed' | 'limits_changed';
  path: string;
  old?: Kopecks;
  new?: Kopecks;
  /** The violations the change brought, as "code /path". */
  violations?: string[];
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  detail?: string;
  instance?: string;
  kind?: string;
  pointer?: string;
  line?: number;
  column?: number;
  limit?: number;
  violations?: Violation[];
  reason?: string;
}

export interface Payload {
  method: 'POST';
  path: string;
  query: string;
  url: string;
  body: Record<string, unknown>;
}

export interface Explanation {
  code: string;
  path?: string;
  response_path?: string;
  id?: number;
  amount: Kopecks;
  message: string;
}

export interface Reconciliation {
  verdict: 'match' | 'discounted' | 'differs' | 'unexplained';
  expected: Kopecks;
  actual: Kopecks;
  difference: Kopecks;
  items: Explanation[];
  unexplained: Kopecks;
}

export interface Stats {
  dishes: number;
  schemes: number;
  common_schemes: number;
  groups: number;
  modifiers: number;
  combos: number;
}

export interface Finding {
  code: string;
  severity: 'error' | 'warning';
  path: string;
  message: string;
}

export interface Lint {
  stats: Stats;
  findings: Finding[];
}

export interface Change {
  kind: string;
  path: string;
  id: number;
  field?: string;
  old?: string;
  new?: string;
  message: string;
}

export interface Diff {
  equal: boolean;
  changes: Change[];
}

export interface ModifierView {
  id: number;
  name: string;
  price: Kopecks;
  active: boolean;
  max_one_dish?: number;
  dish_id?: number;
}

export interface GroupView {
  id: number;
  name: string;
  active: boolean;
  common: boolean;
  min: number | null;
  max: number | null;
  default?: number;
  replace_default: boolean;
  modifiers: ModifierView[];
}

export interface DishView {
  id: number;
  name: string;
  price: Kopecks;
  active: boolean;
  combo: boolean;
  groups: GroupView[];
}

export interface Category {
  id: number;
  name: string;
  active: boolean;
  dishes: number[];
  categories?: Category[];
}

export interface RestaurantView {
  id: number;
  name: string;
  min_check: Kopecks;
  delivery_price: Kopecks;
}

export interface MenuView {
  object: number;
  version: string;
  restaurant: RestaurantView | null;
  categories: Category[];
  dishes: DishView[];
}

/** A document: JSON text, its bytes, or a plain object (stringified). */
export type Doc = string | Uint8Array | object;

export interface LoadOptions {
  /** IANA zone of the restaurant; default Europe/Moscow. */
  tz?: string;
  profile?: 'restaurant' | 'pos';
  lang?: 'en' | 'ru';
  /** The clock, RFC 3339; default the system clock. */
  now?: string;
  /** Restaurant amounts are minor units already. */
  minor_units?: boolean;
  /** A menutree response: categories for menu(). */
  menutree?: Doc;
}

export interface CallOptions {
  profile?: 'restaurant' | 'pos';
  lang?: 'en' | 'ru';
  now?: string;
  /** priceJSON: the CLI's exact bytes (indented, final newline). */
  indent?: boolean;
  /**
   * The object the request names outside the cart's body (WebDelivery's
   * `?objectId=`): a cart without `objectid` is priced for it, one whose
   * `objectid` differs is `wrong_object`. Never written into a body.
   */
  object?: number;
}

export interface PriceOptions extends CallOptions {
  /**
   * The version of the menu the guest saw (an Engine's version, loaded or
   * released within 15 minutes, for the same object): the answer's since
   * lists what changed for the cart; another version throws
   * unknown-menu-version.
   */
  menu_version?: string;
}

export interface EmitOptions extends CallOptions {
  force?: boolean;
  /** postorder only: 0–99999. */
  order_number?: number;
  /** postorder only. */
  pay_online?: boolean;
}

export interface ReconcileOptions extends CallOptions {
  /** CalcOrder: the base currency's code; default 1 (roubles). */
  currency_code?: number;
}

/** Thrown by every call that fails; .problem is the sidecar's problem object. */
export class RkcartError extends Error {
  readonly problem: Problem;
}

export class Engine {
  /** The restaurant (object) id; 0 without a restaurant. */
  readonly object: number;
  /** Content hash of the documents loaded (the sidecar's Rkcart-Menu-Version). */
  readonly version: string;
  price(cart: Doc, options?: PriceOptions): Result;
  /** The nearest valid cart and the priced changes that make it (engine.Repair). */
  repair(cart: Doc, options?: CallOptions): Repaired;
  priceJSON(cart: Doc, options?: PriceOptions): string;
  emit(dialect: 'savedeliveryorder' | 'calcorder' | 'postorder', cart: Doc, options?: EmitOptions): Payload;
  emitBody(dialect: 'savedeliveryorder' | 'calcorder' | 'postorder', cart: Doc, options?: EmitOptions): string;
  reconcile(cart: Doc, answer: Doc, options?: ReconcileOptions): Reconciliation;
  menu(): MenuView;
  /** Stop lists and balances for every later call; null clears them. */
  setAvailability(availability: Availability | string | Uint8Array | null): void;
  release(): void;
}

/** rkcart's availability document (docs/contract.md). Ids as numbers or digit strings; balances in thousandths of a piece. */
export interface Availability {
  taken_at: string;
  stopped?: AvailabilityStopped;
  balances?: AvailabilityBalances;
}

/** Ids stopped: they cannot be ordered now. */
export interface AvailabilityStopped {
  dishes?: Array<number | string>;
  modifiers?: Array<number | string>;
}

/** Thousandths of a piece left, by id (absent: unlimited). */
export interface AvailabilityBalances {
  dishes?: Record<string, number>;
  modifiers?: Record<string, number>;
}

export function init(wasm?: string | URL | Uint8Array | ArrayBuffer | Response): Promise<unknown>;
export function load(menu?: Doc | null, restaurant?: Doc | null, options?: LoadOptions): Promise<Engine>;
export function lint(menu: Doc, options?: { indent?: boolean }): Promise<Lint>;
export function diff(oldMenu: Doc, newMenu: Doc, options?: { indent?: boolean }): Promise<Diff>;
export function demo(): Promise<{ menu: object; restaurant: object }>;

/** What a repair change did (engine.Repair's actions). */
export type RepairAction = 'drop' | 'cap' | 'set_quantity' | 'add_default' | 'replace';

/** One change of a repair: the original violation it fixes, at path as the changes before it left the cart. */
export interface RepairChange {
  code: string;
  action: RepairAction;
  path: string;
  before: unknown;
  after: unknown;
  /** What it did to the subtotal. */
  delta: Kopecks;
}

/** The answer of repair: the repaired cart, its changes, what is left for the guest, the repaired cart's result. */
export interface Repaired {
  cart: Record<string, unknown>;
  changes: RepairChange[];
  left: Violation[];
  result: Result;
}
