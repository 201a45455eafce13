/**
 * The type-level twins of the option checks, exactly: how a value is printed, the nearest known key,
 * an unknown key's and a wrong value's sentence — each equal to what the runtime twin writes
 * (options.test.ts) — and what a call's options parameter becomes. Type tests (see layers.test-d.ts).
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { FormatValue } from '../src/errors.js';
import type { FailedShape } from '../src/ops/rule.js';
import type { CheckValue, NearestKey, UnknownKey } from '../src/ops/options.js';
import type { Conv2dSpec } from '../src/ops/conv2d.js';
import type { AvgPool2dSpec } from '../src/ops/avgPool2d.js';
import { input, type Dim, type Shape, type Tensor } from '../src/index.js';

type Conv2dKeys = Conv2dSpec['keys'];

describe('FormatValue, the twin of formatValue', () => {
  it('writes literals as JavaScript does', () => {
    expectTypeOf<FormatValue<'3'>>().toEqualTypeOf<"'3'">();
    expectTypeOf<FormatValue<3>>().toEqualTypeOf<'3'>();
    expectTypeOf<FormatValue<1e21>>().toEqualTypeOf<'1e+21'>();
    expectTypeOf<FormatValue<-1.5>>().toEqualTypeOf<'-1.5'>();
    expectTypeOf<FormatValue<[1, 2]>>().toEqualTypeOf<'[1, 2]'>();
    expectTypeOf<FormatValue<readonly [1, '2', [3, [4]]]>>().toEqualTypeOf<"[1, '2', [3, […]]]">();
    expectTypeOf<FormatValue<[1, 2, 3, 4, 5, 6, 7, 8, 9]>>().toEqualTypeOf<'[1, 2, 3, 4, 5, 6, 7, 8, …]'>();
    expectTypeOf<FormatValue<false>>().toEqualTypeOf<'false'>();
    expectTypeOf<FormatValue<null>>().toEqualTypeOf<'null'>();
    expectTypeOf<FormatValue<undefined>>().toEqualTypeOf<'undefined'>();
    expectTypeOf<FormatValue<10n>>().toEqualTypeOf<'10n'>();
  });
  it('cuts long text after 60 characters, as formatValue', () => {
    type Long = 'abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghijXYZ';
    expectTypeOf<FormatValue<Long>>().toEqualTypeOf<"'abcdefghijabcdefghijabcdefghijabcdefghijabcdefghijabcdefghij…'">();
  });
  it('describes wide types, which have no one value to print', () => {
    expectTypeOf<FormatValue<number>>().toEqualTypeOf<'a number'>();
    expectTypeOf<FormatValue<string>>().toEqualTypeOf<'a string'>();
    expectTypeOf<FormatValue<number[]>>().toEqualTypeOf<'an array'>();
    expectTypeOf<FormatValue<{ a: 1 }>>().toEqualTypeOf<'an object'>();
  });
});

describe('NearestKey and the unknown key’s sentence', () => {
  it('finds typos and snake_case, and nothing for a key that is no near miss', () => {
    expectTypeOf<NearestKey<'strides', Conv2dKeys>>().toEqualTypeOf<'stride'>();
    expectTypeOf<NearestKey<'kernel_size', Conv2dKeys>>().toEqualTypeOf<'kernelSize'>();
    expectTypeOf<NearestKey<'PADDING-MODE', Conv2dKeys>>().toEqualTypeOf<'paddingMode'>();
    expectTypeOf<NearestKey<'dilaton', Conv2dKeys>>().toEqualTypeOf<'dilation'>();
    expectTypeOf<NearestKey<'inChannels', Conv2dKeys>>().toEqualTypeOf<never>();
    expectTypeOf<NearestKey<'', Conv2dKeys>>().toEqualTypeOf<never>();
  });
  it('writes the runtime’s sentence: the near miss, a note, or the list of options', () => {
    expectTypeOf<UnknownKey<Conv2dSpec, 'strides'>>().toEqualTypeOf<"conv2d: unknown option 'strides' (did you mean 'stride'?)">();
    expectTypeOf<UnknownKey<AvgPool2dSpec, 'dilation'>>().toEqualTypeOf<"avgPool2d: unknown option 'dilation' (PyTorch’s AvgPool2d has none)">();
    expectTypeOf<UnknownKey<Conv2dSpec, 'activation'>>()
      .toEqualTypeOf<"conv2d: unknown option 'activation'; options are outChannels, kernelSize, stride, padding, dilation, groups, bias, paddingMode, name">();
  });
});

describe('CheckValue, the twin of checkValue', () => {
  it('refuses a value of the wrong kind with its sentence', () => {
    expectTypeOf<CheckValue<'conv2d', 'kernelSize', 'positive', 0>>().toEqualTypeOf<'conv2d: kernelSize must be a positive integer, got 0'>();
    expectTypeOf<CheckValue<'conv2d', 'kernelSize', 'positive', readonly [3, '3']>>().toEqualTypeOf<"conv2d: kernelSize must be a positive integer, got [3, '3']">();
    expectTypeOf<CheckValue<'conv2d', 'kernelSize', 'positive', 1e21>>().toEqualTypeOf<'conv2d: kernelSize must be at most 9007199254740991, got 1e+21'>();
    expectTypeOf<CheckValue<'conv2d', 'padding', 'conv padding', 'full'>>().toEqualTypeOf<"conv2d: padding must be a number, a pair, 'valid' or 'same', got 'full'">();
    expectTypeOf<CheckValue<'conv2d', 'bias', 'boolean', 'false'>>().toEqualTypeOf<"conv2d: bias must be true or false, got 'false'">();
    expectTypeOf<CheckValue<'batchNorm2d', 'eps', 'non-negative number', -1>>().toEqualTypeOf<'batchNorm2d: eps must be a non-negative number, got -1'>();
  });
  it('passes good values, absent ones, and values typed too widely to tell (checked at run time)', () => {
    expectTypeOf<CheckValue<'conv2d', 'kernelSize', 'positive', readonly [3, 5]>>().toEqualTypeOf<'ok'>();
    expectTypeOf<CheckValue<'conv2d', 'kernelSize', 'positive', undefined>>().toEqualTypeOf<'ok'>();
    expectTypeOf<CheckValue<'conv2d', 'kernelSize', 'positive', number>>().toEqualTypeOf<'ok'>();
    expectTypeOf<CheckValue<'conv2d', 'kernelSize', 'positive', 0 | 3>>().toEqualTypeOf<'ok'>();
    expectTypeOf<CheckValue<'conv2d', 'paddingMode', 'padding mode', string>>().toEqualTypeOf<'ok'>();
    expectTypeOf<CheckValue<'conv2d', 'bias', 'boolean', boolean>>().toEqualTypeOf<'ok'>();
  });
});

describe('what a call’s options and result become', () => {
  it('an options object with nothing to say is typed as written, and the shape is exact', () => {
    const x = input([1, 3, 8, 8]);
    expectTypeOf(x.conv2d({ outChannels: 4, kernelSize: 3 }).shape).toEqualTypeOf<[1, 4, 6, 6]>();
  });
  it('options in a variable: `as const` stays exact, `number` fields degrade to `number` dimensions', () => {
    const x = input([1, 3, 8, 8]);
    const exact = { outChannels: 4, kernelSize: 3 } as const;
    const wide = { outChannels: 4, kernelSize: 3 };
    expectTypeOf(x.conv2d(exact).shape).toEqualTypeOf<[1, 4, 6, 6]>();
    expectTypeOf(x.conv2d(wide).shape).toEqualTypeOf<[1, number, number, number]>();
  });
  it('repeat keeps the shape of a block that keeps it, and gives the result of a single step', () => {
    const residual = <S extends Shape>(t: Tensor<S>) => t.conv2d({ outChannels: 8, kernelSize: 3, padding: 1 }).relu();
    const pool = <S extends Shape>(t: Tensor<S>) => t.maxPool2d({ kernelSize: 2 });
    const x = input([1, 8, 8, 8]);
    expectTypeOf(x.repeat(4, residual).shape).toEqualTypeOf<[1, 8, 8, 8]>();
    expectTypeOf(x.repeat(1, pool).shape).toEqualTypeOf<[1, 8, 4, 4]>();
    expectTypeOf(x.repeat(0, pool).shape).toEqualTypeOf<[1, 8, 8, 8]>();
    expectTypeOf(x.repeat(2, residual, (i) => `layer1.${i}`).apply(pool).shape).toEqualTypeOf<[1, 8, 4, 4]>();
  });
  it('after an error, a shape of unknown rank that remembers the sentence, which later layers do not report again', () => {
    // @ts-expect-error conv2d: unknown option 'strides' (did you mean 'stride'?)
    const failed = input([1, 3, 3, 3]).conv2d({ outChannels: 8, kernelSize: 3, strides: 2 });
    expectTypeOf(failed.relu().flatten().linear({ outFeatures: 2 }).shape).toEqualTypeOf<FailedShape<"conv2d: unknown option 'strides' (did you mean 'stride'?)">>();
    expectTypeOf(input([1, 3, 3, 3]).flatten(1, 2).shape).toEqualTypeOf<[1, 9, 3]>();
    expectTypeOf(input([1, 3, 3, 3]).flatten(Number('1')).shape).toEqualTypeOf<Dim[]>();
  });
});
