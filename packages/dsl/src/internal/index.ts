/**
 * Type-level integer arithmetic for shape rules: a small façade over digit strings (`./digits.ts`).
 * Not exported from `@stride/dsl`; the shape rules in `../ops` are its only users.
 *
 * Supported range: integer literals of any sign written in plain decimal, i.e. |n| < 1e21 (JavaScript
 * prints larger ones in exponent form). Results are exact for every safe integer (|n| ≤ 2^53 − 1 ≈
 * 9·10^15), which covers dimensions up to 10^7 and element counts far past 10^9 with room to spare;
 * beyond that a result is its true digits when they survive a round trip through a double, else
 * `number` — never a different, rounded literal (see `Format` in `./integer.ts`). Cost grows with the number of digits, not the
 * value: every loop is tail-recursive over ≤ 21 digits, so no realistic network reaches TS2589.
 *
 * Cost (TypeScript 7.0, measured on 300 random cases each): reading a literal ~70 instantiations
 * (cached per literal, so repeated dimensions are nearly free); Add of 3-digit numbers ~350, Sub ~420,
 * Gte ~250, Mul 3×3 digits ~1,000, FloorDiv by one digit ~440, 6-digit ÷ 3-digit ~3,800. Adding 0,
 * multiplying or dividing by 1 skips the digit work. Magnitudes are strings rather than digit tuples:
 * on a conv-formula workload that halves check time and memory (0.41 s / 82 MB against 0.83 s / 152 MB).
 *
 * Degradation, never an error: if an operand is the wide type `number`, a union, `never` or not an
 * integer (`2.5`), or a result is not representable exactly, arithmetic gives `number`, comparisons
 * `-1 | 0 | 1` and predicates `boolean`; code with dynamic dimensions then falls back to the runtime
 * twins. Division by 0 gives `number` too (the shape rules reject zero strides before dividing).
 */
export type { Add } from './add.js';
export type { Sub } from './sub.js';
export type { Mul, Product } from './mul.js';
export type { CeilDiv, FloorDiv, Mod } from './divide.js';
export type { Compare, Gt, Gte, Lt, Lte, Max, Min } from './compare.js';
export type { IsInteger, IsNonNegativeInteger, IsPositiveInteger } from './integer.js';
export type { ScaledSize } from './scale.js';
