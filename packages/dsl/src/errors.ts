/**
 * Shape errors, written once for each audience: the type checker shows them where the bad option is
 * (`ShapeErrorMessage<…>` typed onto that option), and the runtime twins throw `ShapeError` with the
 * identical sentence for plain JavaScript callers and `number` dimensions.
 */

declare const shapeErrorBrand: unique symbol;

/**
 * A type no value satisfies, carrying a sentence: an option typed as `5 & ShapeErrorMessage<'…'>`
 * makes the editor underline that option and print the sentence.
 */
export interface ShapeErrorMessage<Message extends string> {
  readonly [shapeErrorBrand]: Message;
}

/** Thrown while a network is built when a layer does not fit; `layer` names the offending call. */
export class ShapeError extends Error {
  readonly layer: string | undefined;
  constructor(message: string, layer?: string) {
    super(layer ? `${message} [at layer '${layer}']` : message);
    this.name = 'ShapeError';
    this.layer = layer;
  }
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
 * The type-level twin of `formatValue` for the values an option's type lets through: number, string
 * (quoted), boolean and `[height, width]` literals.
 */
export type FormatValue<Value> = Value extends readonly [infer Height extends number, infer Width extends number]
  ? `[${Height}, ${Width}]`
  : Value extends string ? `'${Value}'` : Value extends number | boolean ? `${Value}` : 'a non-number';

/** The type-level twin of `formatShape`. */
export type FormatShape<Shape extends readonly unknown[], Acc extends string = ''> =
  Shape extends readonly [infer Head, ...infer Rest]
    ? FormatShape<Rest, Acc extends '' ? FormatDim<Head> : `${Acc}, ${FormatDim<Head>}`>
    : `[${Acc}]`;
type FormatDim<Value> = Value extends string ? `'${Value}'` : Value extends number ? `${Value}` : 'number';
