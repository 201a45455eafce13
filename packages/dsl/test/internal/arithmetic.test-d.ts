/**
 * Exact-equality type tests for the arithmetic façade: type tests, run by Vitest's typecheck mode with
 * TypeScript 7's tsc (and by `tsc -p tsconfig.json`); `toEqualTypeOf` fails on `number` where a
 * literal is expected and on a literal where `number` is expected, so degradation is pinned too.
 * The seeded property test beside this file covers random operands under both compilers.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type {
  Add, CeilDiv, Compare, FloorDiv, Gt, Gte, IsInteger, IsNonNegativeInteger, IsPositiveInteger, Lt, Lte, Max, Min, Mod, Mul, Product, ScaledSize, Sub,
} from '../../src/internal/index.js';

describe('Add', () => {
  it('carries across digits and lengths', () => {
    expectTypeOf<Add<0, 0>>().toEqualTypeOf<0>();
    expectTypeOf<Add<7, 0>>().toEqualTypeOf<7>();
    expectTypeOf<Add<999, 1>>().toEqualTypeOf<1000>();
    expectTypeOf<Add<1, 999>>().toEqualTypeOf<1000>();
    expectTypeOf<Add<46080000, 20>>().toEqualTypeOf<46080020>();
    expectTypeOf<Add<9999999, 9999999>>().toEqualTypeOf<19999998>();
    expectTypeOf<Add<4503599627370495, 4503599627370496>>().toEqualTypeOf<9007199254740991>();
  });
  it('adds signed operands', () => {
    expectTypeOf<Add<-7, 3>>().toEqualTypeOf<-4>();
    expectTypeOf<Add<7, -3>>().toEqualTypeOf<4>();
    expectTypeOf<Add<-7, -3>>().toEqualTypeOf<-10>();
    expectTypeOf<Add<-5, 5>>().toEqualTypeOf<0>();
    expectTypeOf<Add<-1000, 1>>().toEqualTypeOf<-999>();
  });
});

describe('Sub', () => {
  it('borrows, and goes negative', () => {
    expectTypeOf<Sub<1000, 1>>().toEqualTypeOf<999>();
    expectTypeOf<Sub<10000000, 9999999>>().toEqualTypeOf<1>();
    expectTypeOf<Sub<5, 5>>().toEqualTypeOf<0>();
    expectTypeOf<Sub<3, 5>>().toEqualTypeOf<-2>();
    expectTypeOf<Sub<0, 10000000>>().toEqualTypeOf<-10000000>();
    expectTypeOf<Sub<-3, -5>>().toEqualTypeOf<2>();
    expectTypeOf<Sub<-3, 5>>().toEqualTypeOf<-8>();
    expectTypeOf<Sub<100, 99>>().toEqualTypeOf<1>();
  });
  it('computes a conv output size step by step', () => {
    // floor((224 + 2·3 − 1·(7 − 1) − 1) / 2) + 1 = 112, ResNet's stem
    expectTypeOf<Add<FloorDiv<Sub<Sub<Add<224, Mul<2, 3>>, Mul<1, Sub<7, 1>>>, 1>, 2>, 1>>().toEqualTypeOf<112>();
    // a window larger than the input: floor((3 − 5) / 1) + 1 = −1, which a rule must reject
    expectTypeOf<Add<FloorDiv<Sub<3, 5>, 1>, 1>>().toEqualTypeOf<-1>();
  });
});

describe('Mul and Product', () => {
  it('multiplies past 10^9', () => {
    expectTypeOf<Mul<512, 90000>>().toEqualTypeOf<46080000>();
    expectTypeOf<Mul<10000000, 100>>().toEqualTypeOf<1000000000>();
    expectTypeOf<Mul<99999, 99999>>().toEqualTypeOf<9999800001>();
    expectTypeOf<Mul<94906265, 94906265>>().toEqualTypeOf<9007199136250225>();
    expectTypeOf<Mul<0, 12345>>().toEqualTypeOf<0>();
    expectTypeOf<Mul<12345, 0>>().toEqualTypeOf<0>();
    expectTypeOf<Mul<1, 1>>().toEqualTypeOf<1>();
  });
  it('multiplies signed operands', () => {
    expectTypeOf<Mul<-3, 4>>().toEqualTypeOf<-12>();
    expectTypeOf<Mul<-3, -4>>().toEqualTypeOf<12>();
    expectTypeOf<Mul<-3, 0>>().toEqualTypeOf<0>();
  });
  it('multiplies tuples', () => {
    expectTypeOf<Product<[512, 300, 300]>>().toEqualTypeOf<46080000>();
    expectTypeOf<Product<readonly [8, 2048, 7, 7]>>().toEqualTypeOf<802816>();
    expectTypeOf<Product<[1000, 1000, 1000, 1000, 1000]>>().toEqualTypeOf<1000000000000000>();
    expectTypeOf<Product<[]>>().toEqualTypeOf<1>();
    expectTypeOf<Product<[7]>>().toEqualTypeOf<7>();
  });
  it('gives number, not a rounded literal, when the product has no exact number literal', () => {
    // 94906267² = 9007199515875289 > 2^53, and odd, so no double holds it.
    expectTypeOf<Mul<94906267, 94906267>>().toEqualTypeOf<number>();
    // 10^18 is a double exactly (2^18 · 5^18), so it stays a literal.
    expectTypeOf<Mul<1000000000, 1000000000>>().toEqualTypeOf<1000000000000000000>();
  });
});

describe('FloorDiv, CeilDiv, Mod', () => {
  it('rounds toward −∞ and +∞ for every sign', () => {
    expectTypeOf<FloorDiv<7, 2>>().toEqualTypeOf<3>();
    expectTypeOf<FloorDiv<6, 2>>().toEqualTypeOf<3>();
    expectTypeOf<FloorDiv<1, 2>>().toEqualTypeOf<0>();
    expectTypeOf<FloorDiv<0, 3>>().toEqualTypeOf<0>();
    expectTypeOf<FloorDiv<-1, 2>>().toEqualTypeOf<-1>();
    expectTypeOf<FloorDiv<-4, 2>>().toEqualTypeOf<-2>();
    expectTypeOf<FloorDiv<-5, 2>>().toEqualTypeOf<-3>();
    expectTypeOf<FloorDiv<7, -2>>().toEqualTypeOf<-4>();
    expectTypeOf<FloorDiv<-7, -2>>().toEqualTypeOf<3>();
    expectTypeOf<CeilDiv<7, 2>>().toEqualTypeOf<4>();
    expectTypeOf<CeilDiv<8, 2>>().toEqualTypeOf<4>();
    expectTypeOf<CeilDiv<0, 5>>().toEqualTypeOf<0>();
    expectTypeOf<CeilDiv<-7, 2>>().toEqualTypeOf<-3>();
    expectTypeOf<CeilDiv<-1, 2>>().toEqualTypeOf<0>();
    expectTypeOf<CeilDiv<-7, -2>>().toEqualTypeOf<4>();
  });
  it('takes the remainder with the sign of the divisor', () => {
    expectTypeOf<Mod<7, 2>>().toEqualTypeOf<1>();
    expectTypeOf<Mod<6, 3>>().toEqualTypeOf<0>();
    expectTypeOf<Mod<-7, 3>>().toEqualTypeOf<2>();
    expectTypeOf<Mod<7, -3>>().toEqualTypeOf<-2>();
    expectTypeOf<Mod<-7, -3>>().toEqualTypeOf<-1>();
    expectTypeOf<Mod<-6, 3>>().toEqualTypeOf<0>();
    expectTypeOf<Mod<10000000, 7>>().toEqualTypeOf<3>();
  });
  it('divides large values', () => {
    expectTypeOf<FloorDiv<46080000, 300>>().toEqualTypeOf<153600>();
    expectTypeOf<FloorDiv<9007199254740991, 10>>().toEqualTypeOf<900719925474099>();
    expectTypeOf<FloorDiv<1000000000, 10000000>>().toEqualTypeOf<100>();
    expectTypeOf<CeilDiv<46080001, 300>>().toEqualTypeOf<153601>();
    expectTypeOf<Mod<9007199254740991, 1000000007>>().toEqualTypeOf<191690598>();
  });
  it('gives number for a zero divisor rather than failing', () => {
    expectTypeOf<FloorDiv<7, 0>>().toEqualTypeOf<number>();
    expectTypeOf<CeilDiv<7, 0>>().toEqualTypeOf<number>();
    expectTypeOf<Mod<7, 0>>().toEqualTypeOf<number>();
  });
});

describe('Compare and friends', () => {
  it('orders integers of any sign', () => {
    expectTypeOf<Compare<28, 5>>().toEqualTypeOf<1>();
    expectTypeOf<Compare<5, 28>>().toEqualTypeOf<-1>();
    expectTypeOf<Compare<123, 123>>().toEqualTypeOf<0>();
    expectTypeOf<Compare<129, 131>>().toEqualTypeOf<-1>();
    expectTypeOf<Compare<0, 0>>().toEqualTypeOf<0>();
    expectTypeOf<Compare<-1, 0>>().toEqualTypeOf<-1>();
    expectTypeOf<Compare<-10, -9>>().toEqualTypeOf<-1>();
    expectTypeOf<Compare<-9, -10>>().toEqualTypeOf<1>();
    expectTypeOf<Compare<10000000, 9999999>>().toEqualTypeOf<1>();
  });
  it('answers the boolean questions and picks extremes', () => {
    expectTypeOf<Lt<3, 5>>().toEqualTypeOf<true>();
    expectTypeOf<Lt<5, 5>>().toEqualTypeOf<false>();
    expectTypeOf<Lte<5, 5>>().toEqualTypeOf<true>();
    expectTypeOf<Lte<6, 5>>().toEqualTypeOf<false>();
    expectTypeOf<Gt<5, 3>>().toEqualTypeOf<true>();
    expectTypeOf<Gt<-5, 3>>().toEqualTypeOf<false>();
    expectTypeOf<Gte<5, 5>>().toEqualTypeOf<true>();
    expectTypeOf<Gte<-1, 1>>().toEqualTypeOf<false>();
    expectTypeOf<Max<3, 5>>().toEqualTypeOf<5>();
    expectTypeOf<Max<-3, -5>>().toEqualTypeOf<-3>();
    expectTypeOf<Min<3, 5>>().toEqualTypeOf<3>();
    expectTypeOf<Min<0, -1>>().toEqualTypeOf<-1>();
  });
});

describe('integer predicates', () => {
  it('classify literals', () => {
    expectTypeOf<IsInteger<3>>().toEqualTypeOf<true>();
    expectTypeOf<IsInteger<-3>>().toEqualTypeOf<true>();
    expectTypeOf<IsInteger<0>>().toEqualTypeOf<true>();
    expectTypeOf<IsInteger<2.5>>().toEqualTypeOf<false>();
    expectTypeOf<IsInteger<1e-7>>().toEqualTypeOf<false>();
    expectTypeOf<IsInteger<1e21>>().toEqualTypeOf<true>();
    expectTypeOf<IsPositiveInteger<1>>().toEqualTypeOf<true>();
    expectTypeOf<IsPositiveInteger<0>>().toEqualTypeOf<false>();
    expectTypeOf<IsPositiveInteger<-3>>().toEqualTypeOf<false>();
    expectTypeOf<IsPositiveInteger<1.5>>().toEqualTypeOf<false>();
    expectTypeOf<IsPositiveInteger<-1e21>>().toEqualTypeOf<false>();
    expectTypeOf<IsNonNegativeInteger<0>>().toEqualTypeOf<true>();
    expectTypeOf<IsNonNegativeInteger<10000000>>().toEqualTypeOf<true>();
    expectTypeOf<IsNonNegativeInteger<-1>>().toEqualTypeOf<false>();
    expectTypeOf<IsNonNegativeInteger<0.5>>().toEqualTypeOf<false>();
  });
});

describe('degradation: wide or non-integer operands never error', () => {
  it('arithmetic gives number', () => {
    expectTypeOf<Add<number, 1>>().toEqualTypeOf<number>();
    expectTypeOf<Sub<32, number>>().toEqualTypeOf<number>();
    expectTypeOf<Mul<3, number>>().toEqualTypeOf<number>();
    expectTypeOf<FloorDiv<number, 2>>().toEqualTypeOf<number>();
    expectTypeOf<CeilDiv<7, number>>().toEqualTypeOf<number>();
    expectTypeOf<Mod<number, number>>().toEqualTypeOf<number>();
    expectTypeOf<Add<1 | 2, 1>>().toEqualTypeOf<number>();
    expectTypeOf<Mul<4, 2 | 3>>().toEqualTypeOf<number>();
    expectTypeOf<Add<2.5, 1>>().toEqualTypeOf<number>();
    expectTypeOf<Mul<1e21, 2>>().toEqualTypeOf<number>();
    expectTypeOf<Add<never, 1>>().toEqualTypeOf<number>();
    expectTypeOf<Product<[2, number, 3]>>().toEqualTypeOf<number>();
    expectTypeOf<Product<number[]>>().toEqualTypeOf<number>();
    expectTypeOf<Max<3, number>>().toEqualTypeOf<number>();
    expectTypeOf<Min<number, 3>>().toEqualTypeOf<number>();
  });
  it('comparisons give every outcome, predicates boolean', () => {
    expectTypeOf<Compare<number, 5>>().toEqualTypeOf<-1 | 0 | 1>();
    expectTypeOf<Compare<2.5, 5>>().toEqualTypeOf<-1 | 0 | 1>();
    expectTypeOf<Lt<number, 5>>().toEqualTypeOf<boolean>();
    expectTypeOf<Gte<5, 1 | 9>>().toEqualTypeOf<boolean>();
    expectTypeOf<IsInteger<number>>().toEqualTypeOf<boolean>();
    expectTypeOf<IsInteger<1 | 2.5>>().toEqualTypeOf<boolean>();
    expectTypeOf<IsPositiveInteger<number>>().toEqualTypeOf<boolean>();
    expectTypeOf<IsNonNegativeInteger<number>>().toEqualTypeOf<boolean>();
  });
});

describe('shortcuts for identity operands keep the degradation rules', () => {
  it('adds zero, multiplies and divides by one', () => {
    expectTypeOf<Add<0, -7>>().toEqualTypeOf<-7>();
    expectTypeOf<Sub<-7, 0>>().toEqualTypeOf<-7>();
    expectTypeOf<Sub<0, 7>>().toEqualTypeOf<-7>();
    expectTypeOf<Mul<1, -7>>().toEqualTypeOf<-7>();
    expectTypeOf<Mul<-1, 7>>().toEqualTypeOf<-7>();
    expectTypeOf<FloorDiv<-7, 1>>().toEqualTypeOf<-7>();
    expectTypeOf<CeilDiv<9999999, 1>>().toEqualTypeOf<9999999>();
    expectTypeOf<Mod<-7, 1>>().toEqualTypeOf<0>();
  });
  it('still degrades for wide, union and fractional operands', () => {
    expectTypeOf<Add<1 | 2, 0>>().toEqualTypeOf<number>();
    expectTypeOf<Mul<1, 2.5>>().toEqualTypeOf<number>();
    expectTypeOf<Mul<number, 1>>().toEqualTypeOf<number>();
    expectTypeOf<FloorDiv<1 | 2, 1>>().toEqualTypeOf<number>();
    expectTypeOf<FloorDiv<2.5, 1>>().toEqualTypeOf<number>();
    expectTypeOf<FloorDiv<8, 1 | 2>>().toEqualTypeOf<number>();
    expectTypeOf<CeilDiv<number, 1>>().toEqualTypeOf<number>();
    expectTypeOf<Sub<never, 0>>().toEqualTypeOf<number>();
    expectTypeOf<FloorDiv<7, never>>().toEqualTypeOf<number>();
    expectTypeOf<CeilDiv<7, never>>().toEqualTypeOf<number>();
  });
});

describe('ScaledSize', () => {
  it('is ⌊size × factor⌋ for integer and decimal factors', () => {
    expectTypeOf<ScaledSize<7, 2>>().toEqualTypeOf<14>();
    expectTypeOf<ScaledSize<7, 0.5>>().toEqualTypeOf<3>();
    expectTypeOf<ScaledSize<8, 0.5>>().toEqualTypeOf<4>();
    expectTypeOf<ScaledSize<5, 1.5>>().toEqualTypeOf<7>();
    expectTypeOf<ScaledSize<5, 2.5>>().toEqualTypeOf<12>();
    expectTypeOf<ScaledSize<4, 2.25>>().toEqualTypeOf<9>();
    expectTypeOf<ScaledSize<3, 0.25>>().toEqualTypeOf<0>();
    expectTypeOf<ScaledSize<224, 0.125>>().toEqualTypeOf<28>();
    expectTypeOf<ScaledSize<11, 0.3>>().toEqualTypeOf<3>();
    expectTypeOf<ScaledSize<7, 1.1>>().toEqualTypeOf<7>();
    expectTypeOf<ScaledSize<13, 0.05>>().toEqualTypeOf<0>();
    expectTypeOf<ScaledSize<100, 0.25>>().toEqualTypeOf<25>();
    expectTypeOf<ScaledSize<100, 0.05>>().toEqualTypeOf<number>();
  });
  it('degrades to number where only float64 arithmetic decides, or cannot be read', () => {
    // 0.29 · 100 is 28.999999999999996 in float64 (and in PyTorch): an exact integer product of a non-dyadic factor.
    expectTypeOf<ScaledSize<100, 0.29>>().toEqualTypeOf<number>();
    expectTypeOf<ScaledSize<10, 0.3>>().toEqualTypeOf<number>();
    expectTypeOf<ScaledSize<7, 1e-7>>().toEqualTypeOf<0>();
    expectTypeOf<ScaledSize<123456, 2.5e-7>>().toEqualTypeOf<number>();
    expectTypeOf<ScaledSize<7, number>>().toEqualTypeOf<number>();
    expectTypeOf<ScaledSize<number, 0.5>>().toEqualTypeOf<number>();
    expectTypeOf<ScaledSize<7, 0.123456789>>().toEqualTypeOf<number>();
    expectTypeOf<ScaledSize<10000000000000, 0.75>>().toEqualTypeOf<7500000000000>();
    expectTypeOf<ScaledSize<100000000000000, 0.75>>().toEqualTypeOf<number>(); // a product of 16 digits: past the proof above
  });
});
