/**
 * Checks of option values shared by the layers: positive integers for kernel sizes, strides,
 * dilations, groups and channel counts; non-negative integers for padding. Type and runtime twin side by
 * side, same sentences.
 *
 * Runtime only, for plain JavaScript callers (the type checker refuses these with its own messages):
 * the options object itself — not an object, an unknown key (a typo, or PyTorch's snake_case), a
 * required option left out — and boolean options that are not booleans. Those sentences name the layer
 * as `conv2d 'conv1'` (its op and its name or nn.Sequential index), since no editor points at the call.
 */
import type { IsNonNegativeInteger, IsPositiveInteger } from '../internal/index.js';
import { formatValue, ShapeError, type FormatValue } from '../errors.js';
import type { Fail } from './window.js';

/** `Fail<Key, …>` unless every entry of Value (a number or a pair) is a positive integer. */
export type CheckPositive<Op extends string, Key extends string, Value> =
  Value extends readonly [infer Height extends number, infer Width extends number]
    ? [IsPositiveInteger<Height>] extends [false] ? NotPositive<Op, Key, Value>
      : [IsPositiveInteger<Width>] extends [false] ? NotPositive<Op, Key, Value> : 'ok'
    : Value extends number
      ? [IsPositiveInteger<Value>] extends [false] ? NotPositive<Op, Key, Value> : 'ok'
      : Value extends undefined ? 'ok' : NotPositive<Op, Key, Value>;
type NotPositive<Op extends string, Key extends string, Value> = Fail<Key, `${Op}: ${Key} must be a positive integer, got ${FormatValue<Value>}`>;

/** `Fail<Key, …>` unless every entry of Value (a number or a pair) is a non-negative integer. */
export type CheckNonNegative<Op extends string, Key extends string, Value> =
  Value extends readonly [infer Height extends number, infer Width extends number]
    ? [IsNonNegativeInteger<Height>] extends [false] ? Negative<Op, Key, Value>
      : [IsNonNegativeInteger<Width>] extends [false] ? Negative<Op, Key, Value> : 'ok'
    : Value extends number
      ? [IsNonNegativeInteger<Value>] extends [false] ? Negative<Op, Key, Value> : 'ok'
      : 'ok';
type Negative<Op extends string, Key extends string, Value> = Fail<Key, `${Op}: ${Key} must be a non-negative integer, got ${FormatValue<Value>}`>;

function entries(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Runtime twin of `CheckPositive`; absent (`undefined`) passes — `checkOptions` refuses a missing required option. */
export function checkPositive(op: string, key: string, value: unknown): void {
  if (value === undefined) return;
  const ok = (Array.isArray(value) ? value.length === 2 : true) &&
    entries(value).every((entry) => typeof entry === 'number' && Number.isInteger(entry) && entry > 0);
  if (!ok) throw new ShapeError(`${op}: ${key} must be a positive integer, got ${formatValue(value)}`);
}

/**
 * Runtime twin of `CheckNonNegative`. Only a number or a pair passes: a string is refused here too (the
 * type level lets conv2d's `'same'` and `'valid'` through, and conv2d handles those before calling this).
 */
export function checkNonNegative(op: string, key: string, value: unknown): void {
  if (value === undefined) return;
  const ok = (Array.isArray(value) ? value.length === 2 : true) &&
    entries(value).every((entry) => typeof entry === 'number' && Number.isInteger(entry) && entry >= 0);
  if (!ok) throw new ShapeError(`${op}: ${key} must be a non-negative integer, got ${formatValue(value)}`);
}

/**
 * How a runtime-only sentence names the layer: its op and its name (the user's, or its nn.Sequential
 * index within its scope), as `validateGraph` names nodes.
 * @example layerLabel('conv2d', 'layer1.0.conv1') //=> "conv2d 'layer1.0.conv1'"
 */
export function layerLabel(op: string, name: string): string {
  return `${op} '${name}'`;
}

/** A boolean option: absent, `true` or `false` — never a truthy or falsy stand-in such as `'yes'` or `0`. */
export function checkBoolean(layer: string, key: string, value: unknown): void {
  if (value === undefined || typeof value === 'boolean') return;
  throw new ShapeError(`${layer}: ${key} must be true or false, got ${formatValue(value)}`);
}

/**
 * Checks an options object before any option is read: it is a plain object (or absent, when every
 * option is optional), every key is one of `known`, and every `required` key is present. An unknown
 * key is refused with the nearest known one when it is a near miss (a typo, or PyTorch's snake_case
 * spelling), and the list of options.
 * @example checkOptions("conv2d 'conv1'", { outChannels: 8, kernelSize: 3, strides: 2 }, conv2dOptionKeys, ['outChannels', 'kernelSize'])
 * // throws: conv2d 'conv1': unknown option 'strides' (did you mean 'stride'?); options are outChannels, kernelSize, stride, …
 */
export function checkOptions(layer: string, options: unknown, known: readonly string[], required: readonly string[]): void {
  if (options === undefined && required.length === 0) return;
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new ShapeError(`${layer}: expects an options object { ${known.join(', ')} }, got ${formatValue(options)}`);
  }
  const unknown = Object.keys(options).filter((key) => !known.includes(key));
  if (unknown.length > 0) {
    const described = unknown.slice(0, 5).map((key) => {
      const near = nearestKey(key, known);
      return near ? `${formatValue(key)} (did you mean '${near}'?)` : formatValue(key);
    });
    const more = unknown.length > 5 ? `, and ${unknown.length - 5} more` : '';
    throw new ShapeError(`${layer}: unknown option${unknown.length > 1 ? 's' : ''} ${described.join(', ')}${more}; options are ${known.join(', ')}`);
  }
  const missing = required.filter((key) => (options as Record<string, unknown>)[key] === undefined);
  if (missing.length > 0) {
    throw new ShapeError(`${layer}: option${missing.length > 1 ? 's' : ''} ${missing.join(' and ')} ${missing.length > 1 ? 'are' : 'is'} required`);
  }
}

/**
 * The known key an unknown one most likely meant: the same letters ignoring case, `_` and `-`
 * (`kernel_size`, `padding_mode`), or at most one edit per four letters (`strides`, `dilaton`).
 */
function nearestKey(key: string, known: readonly string[]): string | undefined {
  const plain = (text: string) => text.toLowerCase().replace(/[_-]/g, '');
  const wanted = plain(key);
  if (wanted.length === 0 || wanted.length > 64) return undefined;
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(wanted, plain(candidate));
    if (distance <= Math.max(1, Math.floor(candidate.length / 4)) && (!best || distance < best.distance)) best = { key: candidate, distance };
  }
  return best?.key;
}

/** Edit distance counting a swap of adjacent letters as one edit (optimal string alignment). */
function editDistance(a: string, b: string): number {
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

/** The first failure among checks, or 'ok'. */
export type FirstFail<Checks extends readonly unknown[]> =
  Checks extends readonly [infer Head, ...infer Rest] ? (Head extends Fail<string, string> ? Head : FirstFail<Rest>) : 'ok';
