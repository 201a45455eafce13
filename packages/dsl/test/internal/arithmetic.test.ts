import { describe, expectTypeOf, it } from 'vitest';
import type { Add, CeilDiv, Compare, FloorDiv, IsInteger, IsPositiveInteger, Max, Min, Mod, Mul, Product, Sub } from '../../src/internal';

// These assertions are checked by `tsc -p tsconfig.json` (part of `pnpm test`); the runtime body is empty.
describe('type-level arithmetic', () => {
  it('adds with carries', () => {
    expectTypeOf<Add<0, 0>>().toEqualTypeOf<0>();
    expectTypeOf<Add<999, 1>>().toEqualTypeOf<1000>();
    expectTypeOf<Add<46080000, 20>>().toEqualTypeOf<46080020>();
    expectTypeOf<Add<9999999, 9999999>>().toEqualTypeOf<19999998>();
  });
  it('subtracts, into negatives', () => {
    expectTypeOf<Sub<1000, 1>>().toEqualTypeOf<999>();
    expectTypeOf<Sub<3, 5>>().toEqualTypeOf<-2>();
    expectTypeOf<Sub<5, 5>>().toEqualTypeOf<0>();
    expectTypeOf<Sub<10000000, 9999999>>().toEqualTypeOf<1>();
  });
  it('multiplies past 10^9', () => {
    expectTypeOf<Mul<512, 90000>>().toEqualTypeOf<46080000>();
    expectTypeOf<Mul<10000000, 100>>().toEqualTypeOf<1000000000>();
    expectTypeOf<Mul<0, 12345>>().toEqualTypeOf<0>();
    expectTypeOf<Product<[512, 300, 300]>>().toEqualTypeOf<46080000>();
    expectTypeOf<Product<[8, 2048, 7, 7]>>().toEqualTypeOf<802816>();
  });
  it('divides with floor and ceiling', () => {
    expectTypeOf<FloorDiv<7, 2>>().toEqualTypeOf<3>();
    expectTypeOf<FloorDiv<-1, 2>>().toEqualTypeOf<-1>();
    expectTypeOf<FloorDiv<-4, 2>>().toEqualTypeOf<-2>();
    expectTypeOf<FloorDiv<0, 3>>().toEqualTypeOf<0>();
    expectTypeOf<FloorDiv<46080000, 300>>().toEqualTypeOf<153600>();
    expectTypeOf<CeilDiv<7, 2>>().toEqualTypeOf<4>();
    expectTypeOf<CeilDiv<8, 2>>().toEqualTypeOf<4>();
    expectTypeOf<Mod<7, 2>>().toEqualTypeOf<1>();
    expectTypeOf<Mod<10000000, 7>>().toEqualTypeOf<3>();
  });
  it('compares', () => {
    expectTypeOf<Compare<28, 5>>().toEqualTypeOf<1>();
    expectTypeOf<Compare<5, 28>>().toEqualTypeOf<-1>();
    expectTypeOf<Compare<123, 123>>().toEqualTypeOf<0>();
    expectTypeOf<Compare<129, 131>>().toEqualTypeOf<-1>();
    expectTypeOf<Max<3, 5>>().toEqualTypeOf<5>();
    expectTypeOf<Min<3, 5>>().toEqualTypeOf<3>();
  });
  it('degrades to number for wide or non-integer operands', () => {
    expectTypeOf<Add<number, 1>>().toEqualTypeOf<number>();
    expectTypeOf<Mul<3, number>>().toEqualTypeOf<number>();
    expectTypeOf<FloorDiv<number, 2>>().toEqualTypeOf<number>();
    expectTypeOf<Add<1 | 2, 1>>().toEqualTypeOf<number>();
    expectTypeOf<IsInteger<2.5>>().toEqualTypeOf<false>();
    expectTypeOf<IsInteger<number>>().toEqualTypeOf<boolean>();
    expectTypeOf<IsPositiveInteger<0>>().toEqualTypeOf<false>();
    expectTypeOf<IsPositiveInteger<-3>>().toEqualTypeOf<false>();
  });
});
