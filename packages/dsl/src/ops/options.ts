/**
 * Checks of option values shared by the layers: positive integers for kernel sizes, strides,
 * dilations, groups and channel counts; non-negative integers for padding. Type and runtime twin side by
 * side, same sentences.
 */
import type { IsNonNegativeInteger, IsPositiveInteger } from '../internal';
import { ShapeError } from '../errors';
import type { Fail } from './window';

type ValueText<Value> = Value extends readonly [infer Height extends number, infer Width extends number]
  ? `[${Height}, ${Width}]`
  : Value extends number | string | boolean ? `${Value}` : 'a non-number';

/** `Fail<Key, …>` unless every entry of Value (a number or a pair) is a positive integer. */
export type CheckPositive<Op extends string, Key extends string, Value> =
  Value extends readonly [infer Height extends number, infer Width extends number]
    ? [IsPositiveInteger<Height>] extends [false] ? NotPositive<Op, Key, Value>
      : [IsPositiveInteger<Width>] extends [false] ? NotPositive<Op, Key, Value> : 'ok'
    : Value extends number
      ? [IsPositiveInteger<Value>] extends [false] ? NotPositive<Op, Key, Value> : 'ok'
      : Value extends undefined ? 'ok' : NotPositive<Op, Key, Value>;
type NotPositive<Op extends string, Key extends string, Value> = Fail<Key, `${Op}: ${Key} must be a positive integer, got ${ValueText<Value>}`>;

/** `Fail<Key, …>` unless every entry of Value (a number or a pair) is a non-negative integer. */
export type CheckNonNegative<Op extends string, Key extends string, Value> =
  Value extends readonly [infer Height extends number, infer Width extends number]
    ? [IsNonNegativeInteger<Height>] extends [false] ? Negative<Op, Key, Value>
      : [IsNonNegativeInteger<Width>] extends [false] ? Negative<Op, Key, Value> : 'ok'
    : Value extends number
      ? [IsNonNegativeInteger<Value>] extends [false] ? Negative<Op, Key, Value> : 'ok'
      : 'ok';
type Negative<Op extends string, Key extends string, Value> = Fail<Key, `${Op}: ${Key} must be a non-negative integer, got ${ValueText<Value>}`>;

function valueText(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(String).join(', ')}]`;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') return String(value);
  return 'a non-number';
}

function entries(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [value];
}

/** Runtime twin of `CheckPositive`. */
export function checkPositive(op: string, key: string, value: unknown): void {
  if (value === undefined) return;
  const ok = (Array.isArray(value) ? value.length === 2 : true) &&
    entries(value).every((entry) => typeof entry === 'number' && Number.isInteger(entry) && entry > 0);
  if (!ok) throw new ShapeError(`${op}: ${key} must be a positive integer, got ${valueText(value)}`);
}

/** Runtime twin of `CheckNonNegative`. */
export function checkNonNegative(op: string, key: string, value: unknown): void {
  if (value === undefined || typeof value === 'string') return;
  const ok = (Array.isArray(value) ? value.length === 2 : true) &&
    entries(value).every((entry) => typeof entry === 'number' && Number.isInteger(entry) && entry >= 0);
  if (!ok) throw new ShapeError(`${op}: ${key} must be a non-negative integer, got ${valueText(value)}`);
}

/** The first failure among checks, or 'ok'. */
export type FirstFail<Checks extends readonly unknown[]> =
  Checks extends readonly [infer Head, ...infer Rest] ? (Head extends Fail<string, string> ? Head : FirstFail<Rest>) : 'ok';
