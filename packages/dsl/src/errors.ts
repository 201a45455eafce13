/**
 * Shape errors, written once for each audience: the type checker shows them where the bad option is
 * (`ShapeErrorMessage<…>` typed onto that option), and the runtime twins throw `ShapeError` with the
 * identical sentences for plain JavaScript callers and `number` dimensions, adding which layer and which
 * line of the network's source the sentence is about.
 */

/**
 * A type no value satisfies, carrying a sentence: an option typed as `5 & ShapeErrorMessage<'…'>`
 * makes the editor underline that option and print the sentence. Its one property is named by the
 * sentence itself, so when TypeScript explains why an object (a tensor, a block, an options object)
 * does not fit it, the explanation repeats the sentence ("Property '"conv2d: …"' is missing …") rather
 * than naming a private brand. A union of sentences gives one property each.
 */
export type ShapeErrorMessage<Message extends string> = { readonly [Sentence in Message]: Sentence };

/**
 * Thrown while a network is built when a call does not fit. `sentences` are the DSL's sentences, each
 * exactly as the type checker shows it (one per problem found, e.g. two misspelled options); `layer`
 * names the call (`conv2d 'layer1.0.conv1'`) and `site` where it is in the network's source
 * (`src/net.ts:12:5`), when known — what a network built in a loop or from plain JavaScript needs to
 * find its mistake. The message is the sentences, then `at <layer> (<site>)` on a line of its own.
 */
export class ShapeError extends Error {
  readonly sentences: readonly string[];
  readonly layer: string | undefined;
  readonly site: string | undefined;
  constructor(sentences: string | readonly string[], where: { layer?: string; site?: string } = {}) {
    const list = typeof sentences === 'string' ? [sentences] : [...sentences];
    const at = where.layer !== undefined || where.site !== undefined
      ? `\n  at ${where.layer ?? ''}${where.layer !== undefined && where.site !== undefined ? ` (${where.site})` : where.site ?? ''}`
      : '';
    super(`${list.join('\n')}${at}`);
    this.name = 'ShapeError';
    this.sentences = list;
    this.layer = where.layer;
    this.site = where.site;
  }
  /** The first sentence: what the type checker shows first for the same call. */
  get sentence(): string {
    return this.sentences[0];
  }
}

/**
 * Where a call into the DSL is in the user's code, captured when the call is made: a V8/JSC stack
 * trace cut above `entry` (the public function the user called), formatted only if an error needs it.
 * Capturing costs about a microsecond per layer; engines without `Error.captureStackTrace` give none.
 */
export interface CallSite {
  readonly stack?: string;
}
/** A function or class the user calls; frames above it (inside the DSL) are left out of a captured site. */
export type Entry = ((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown);
export function captureSite(entry: Entry): CallSite | undefined {
  const capture = (Error as { captureStackTrace?: (target: object, entry?: unknown) => void }).captureStackTrace;
  if (typeof capture !== 'function') return undefined;
  const site: { stack?: string } = {};
  capture(site, entry);
  return site;
}

/**
 * The first frame of a captured site as `path:line:column`, the path relative to the working folder
 * when it is inside it (`src/net.ts:12:5`).
 */
export function formatSite(site: CallSite | undefined): string | undefined {
  const frame = site?.stack?.split('\n').find((line) => /^\s+at /.test(line));
  if (!frame) return undefined;
  const location = /\(?([^()\s]+:\d+:\d+)\)?\s*$/.exec(frame)?.[1];
  if (!location) return undefined;
  let path = location.startsWith('file://') ? decodeURI(location.slice('file://'.length)) : location;
  const cwd = (globalThis as { process?: { cwd?: () => string } }).process?.cwd?.();
  if (cwd && path.startsWith(`${cwd}/`)) path = path.slice(cwd.length + 1);
  return path;
}

/** Formats a shape the way TypeScript prints a tuple type, so both audiences read the same text. */
export function formatShape(shape: readonly (number | string)[]): string {
  return `[${shape.map((d) => formatValue(d)).join(', ')}]`;
}

/**
 * A value as JavaScript would write it, for "…, got <value>": strings quoted (`'3'`, so a string
 * that looks like a number shows as one), arrays and plain objects as literals, long text cut. Messages
 * that print a value the user passed use this (or `FormatValue` at the type level), never `String()`.
 * @example formatValue('3') //=> "'3'"
 * @example formatValue([3, '3']) //=> "[3, '3']"
 */
export function formatValue(value: unknown, depth = 0): string {
  if (typeof value === 'string') return `'${value.length > 60 ? `${value.slice(0, 60)}…` : value}'`;
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'function') return 'a function';
  if (typeof value === 'symbol') return value.toString();
  if (typeof value !== 'object' || value === null) return Object.is(value, -0) ? '-0' : String(value);
  if (depth >= 2) return Array.isArray(value) ? '[…]' : '{…}';
  if (Array.isArray(value)) {
    const items = value.slice(0, 8).map((item) => formatValue(item, depth + 1));
    return `[${items.join(', ')}${value.length > 8 ? ', …' : ''}]`;
  }
  const prototype = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return `a ${Object.prototype.toString.call(value).slice(8, -1)}`;
  const keys = Object.keys(value);
  if (keys.length === 0) return '{}';
  const fields = keys.slice(0, 4).map((key) => `${/^[A-Za-z_$][\w$]*$/.test(key) ? key : formatValue(key)}: ${formatValue((value as Record<string, unknown>)[key], depth + 1)}`);
  return `{ ${fields.join(', ')}${keys.length > 4 ? ', …' : ''} }`;
}

/**
 * The type-level twin of `formatValue` for what a literal type can hold: strings (quoted, cut after 60
 * characters), numbers, bigints, booleans, `null`, `undefined`, and tuples of those (eight items at
 * most, nested two deep). Wide types, which have no one value to print, are described: `a number`,
 * `a string`, `an array`. Objects other than tuples print as `an object` (their keys have no order a
 * type can read); a `-0` literal cannot be told from `0` by the type checker.
 * @example FormatValue<'3'> //=> "'3'"
 * @example FormatValue<readonly [1, '2']> //=> "[1, '2']"
 */
export type FormatValue<Value, Depth extends 0[] = []> =
  [Value] extends [string] ? (string extends Value ? 'a string' : `'${Cut<Value & string>}'`)
  : [Value] extends [number] ? (number extends Value ? 'a number' : `${Value & number}`)
  : [Value] extends [bigint] ? (bigint extends Value ? 'a bigint' : `${Value & bigint}n`)
  // Not `${Value & boolean}`: a boolean placeholder in a template type crashes TypeScript 7.0.2's checker.
  : [Value] extends [boolean] ? (boolean extends Value ? 'a boolean' : [Value] extends [true] ? 'true' : 'false')
  : [Value] extends [null] ? 'null'
  : [Value] extends [undefined] ? 'undefined'
  : [Value] extends [(...args: never[]) => unknown] ? 'a function'
  : [Value] extends [readonly unknown[]] ? FormatList<Value, Depth>
  : 'an object';
type FormatList<Value, Depth extends 0[]> =
  Value extends readonly unknown[]
    ? number extends Value['length'] ? 'an array' : Depth['length'] extends 2 ? '[…]' : `[${FormatItems<Value, [...Depth, 0]>}]`
    : never;
type FormatItems<Items extends readonly unknown[], Depth extends 0[], Count extends 0[] = [], Text extends string = ''> =
  Items extends readonly [infer Head, ...infer Rest]
    ? Count['length'] extends 8 ? `${Text}, …`
      : FormatItems<Rest, Depth, [...Count, 0], Count extends [] ? FormatValue<Head, Depth> : `${Text}, ${FormatValue<Head, Depth>}`>
    : Text;
/** The first 60 characters of a string, and `…` when there were more (as `formatValue`). */
type Cut<Text extends string, Kept extends string = '', Count extends 0[] = []> =
  Count['length'] extends 60 ? (Text extends '' ? Kept : `${Kept}…`)
  : Text extends `${infer Head}${infer Rest}` ? Cut<Rest, `${Kept}${Head}`, [...Count, 0]> : Kept;

/** The type-level twin of `formatShape`. */
export type FormatShape<Shape extends readonly unknown[], Acc extends string = ''> =
  Shape extends readonly [infer Head, ...infer Rest]
    ? FormatShape<Rest, Acc extends '' ? FormatDim<Head> : `${Acc}, ${FormatDim<Head>}`>
    : `[${Acc}]`;
type FormatDim<Value> = Value extends string ? `'${Value}'` : Value extends number ? `${Value}` : 'number';
