/**
 * The runtime twins of the option checks, as plain JavaScript reaches them: the options object itself
 * (unknown keys, required ones left out, not an object), each value's kind, and how a bad value is
 * printed. Each call is made as JavaScript would make it: through `any`, with no type checker in the
 * way. The type checker gives the same sentences for the same calls (options-parity.test.ts); what
 * only the runtime adds is the second line, naming the layer (and, in the message, the line of the
 * call, checked in sites.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { input, model, ShapeError } from '../src/index.js';
import { formatShape, formatValue } from '../src/errors.js';
import { nearestKey } from '../src/ops/options.js';

/** Only the sentences a call throws (where the layer naming is not what a test is about), or 'no error'. */
function sentences(call: () => unknown): string {
  try {
    call();
    return 'no error';
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    return error.sentences.join('\n');
  }
}

/** A tensor as plain JavaScript sees it: every method takes anything. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const js = (shape: unknown[]): any => input(shape as never);

/** The sentences a call throws and the layer it names (`at conv2d '0'`), or 'no error'. */
function thrown(call: () => unknown): string {
  try {
    call();
    return 'no error';
  } catch (error) {
    if (!(error instanceof ShapeError)) throw error;
    return `${error.sentences.join('\n')}${error.layer === undefined ? '' : `\n  at ${error.layer}`}`;
  }
}

describe('boolean options are true, false or absent — never a stand-in', () => {
  it('refuses a non-boolean ceilMode in maxPool2d and avgPool2d instead of reading it as false', () => {
    expect(thrown(() => js([1, 3, 8, 8]).maxPool2d({ kernelSize: 3, stride: 2, ceilMode: 'yes' }))).toBe("maxPool2d: ceilMode must be true or false, got 'yes'\n  at maxPool2d '0'");
    expect(thrown(() => js([1, 3, 8, 8]).avgPool2d({ kernelSize: 3, stride: 2, ceilMode: 1 }))).toBe("avgPool2d: ceilMode must be true or false, got 1\n  at avgPool2d '0'");
    expect(thrown(() => js([1, 3, 8, 8]).maxPool2d({ kernelSize: 3, stride: 2, ceilMode: 'false' }))).toBe("maxPool2d: ceilMode must be true or false, got 'false'\n  at maxPool2d '0'");
  });
  it('refuses a non-boolean countIncludePad and bias (conv2d, convTranspose2d, linear)', () => {
    expect(thrown(() => js([1, 3, 8, 8]).avgPool2d({ kernelSize: 2, countIncludePad: 'no' }))).toBe("avgPool2d: countIncludePad must be true or false, got 'no'\n  at avgPool2d '0'");
    expect(thrown(() => js([1, 3, 8, 8]).conv2d({ outChannels: 2, kernelSize: 1, bias: 'false', name: 'proj' }))).toBe("conv2d: bias must be true or false, got 'false'\n  at conv2d 'proj'");
    expect(thrown(() => js([1, 3, 8, 8]).convTranspose2d({ outChannels: 2, kernelSize: 2, bias: null }))).toBe("convTranspose2d: bias must be true or false, got null\n  at convTranspose2d '0'");
    expect(thrown(() => js([1, 3]).linear({ outFeatures: 2, bias: 0, name: 'fc' }))).toBe("linear: bias must be true or false, got 0\n  at linear 'fc'");
  });
  it('names the layer by its scope-qualified name or index, as the IR and validateGraph do', () => {
    const x = js([1, 3, 8, 8]);
    const block = (t: ReturnType<typeof js>) => t.relu().maxPool2d({ kernelSize: 2, ceilMode: 'on' });
    expect(thrown(() => x.relu().apply(block, 'stem'))).toBe("maxPool2d: ceilMode must be true or false, got 'on'\n  at maxPool2d 'stem.1'");
  });
  it('still takes true, false and absent, and records them', () => {
    const x = input([1, 3, 8, 8]);
    expect(x.maxPool2d({ kernelSize: 3, stride: 2, ceilMode: true }).shape).toEqual([1, 3, 4, 4]);
    expect(x.maxPool2d({ kernelSize: 3, stride: 2, ceilMode: false }).shape).toEqual([1, 3, 3, 3]);
    expect(x.avgPool2d({ kernelSize: 2, padding: 1, countIncludePad: false }).node.attrs).toMatchObject({ countIncludePad: false, ceilMode: false });
    expect(x.conv2d({ outChannels: 2, kernelSize: 1, bias: false }).node.attrs).toMatchObject({ bias: false });
    expect(x.flatten().linear({ outFeatures: 2 }).node.attrs).toMatchObject({ bias: true });
  });
});

describe('unknown option keys are refused, with the nearest known key when it is a near miss', () => {
  it('conv2d: a typo, PyTorch’s snake_case, and a key with no near miss', () => {
    const x = js([1, 3, 8, 8]);
    expect(thrown(() => x.conv2d({ outChannels: 8, kernelSize: 3, strides: 2, name: 'conv1' }))).toBe(
      "conv2d: unknown option 'strides' (did you mean 'stride'?)\n  at conv2d 'conv1'");
    // Every unknown key has its sentence (the type checker puts each on its key), in the order written.
    expect(thrown(() => x.conv2d({ out_channels: 8, kernel_size: 3, padding_mode: 'reflect' }))).toBe([
      "conv2d: unknown option 'out_channels' (did you mean 'outChannels'?)",
      "conv2d: unknown option 'kernel_size' (did you mean 'kernelSize'?)",
      "conv2d: unknown option 'padding_mode' (did you mean 'paddingMode'?)",
      "  at conv2d '1'",
    ].join('\n'));
    expect(thrown(() => x.conv2d({ outChannels: 8, kernelSize: 3, activation: 'relu' }))).toBe(
      "conv2d: unknown option 'activation'; options are outChannels, kernelSize, stride, padding, dilation, groups, bias, paddingMode, name\n  at conv2d '2'");
    // in_channels is not a near miss of outChannels: the input's shape gives the input channels.
    expect(thrown(() => x.conv2d({ in_channels: 3, outChannels: 8, kernelSize: 3 }))).toBe(
      "conv2d: unknown option 'in_channels'; options are outChannels, kernelSize, stride, padding, dilation, groups, bias, paddingMode, name\n  at conv2d '3'");
  });
  it('every layer with an options object, and input() and model()', () => {
    const x = js([1, 4, 8, 8]);
    const cases: [() => unknown, string][] = [
      [() => x.convTranspose2d({ outChannels: 2, kernelSize: 2, output_padding: 1 }), "convTranspose2d: unknown option 'output_padding' (did you mean 'outputPadding'?)\n  at convTranspose2d '0'"],
      [() => x.maxPool2d({ kernelSize: 2, ceil_mode: true }), "maxPool2d: unknown option 'ceil_mode' (did you mean 'ceilMode'?)\n  at maxPool2d '1'"],
      [() => x.avgPool2d({ kernelSize: 2, count_include_pad: false }), "avgPool2d: unknown option 'count_include_pad' (did you mean 'countIncludePad'?)\n  at avgPool2d '2'"],
      [() => x.avgPool2d({ kernelSize: 2, dilation: 2 }), "avgPool2d: unknown option 'dilation' (PyTorch’s AvgPool2d has none)\n  at avgPool2d '3'"],
      [() => x.batchNorm2d({ epsilon: 1e-3 }), "batchNorm2d: unknown option 'epsilon'; options are eps, name\n  at batchNorm2d '4'"],
      [() => x.batchNorm2d({ eps: 1e-3, momentum: 0.1 }), "batchNorm2d: unknown option 'momentum'; options are eps, name\n  at batchNorm2d '5'"],
      [() => x.flatten().linear({ outFeatures: 2, baias: false }), "linear: unknown option 'baias' (did you mean 'bias'?)\n  at linear '7'"],
      [() => x.upsample({ scale_factor: 2 }), "upsample: unknown option 'scale_factor' (did you mean 'scaleFactor'?)\n  at upsample '8'"],
      [() => input([1, 3], { nmae: 'image' } as never), "input: unknown option 'nmae' (did you mean 'name'?)\n  at input"],
      [() => model({ inputs: { x }, outputs: { y: x.relu() }, nme: 'net' } as never), "model: unknown option 'nme' (did you mean 'name'?)\n  at model"],
    ];
    expect(cases.map(([call]) => thrown(call))).toEqual(cases.map(([, message]) => message));
  });
  it('reports a required option left out, and options that are not an object', () => {
    const x = js([1, 3, 8, 8]);
    expect(thrown(() => x.conv2d({ outChannels: 8 }))).toBe("conv2d: option kernelSize is required\n  at conv2d '0'");
    expect(thrown(() => x.conv2d({ name: 'c' }))).toBe("conv2d: options outChannels and kernelSize are required\n  at conv2d 'c'");
    expect(thrown(() => x.maxPool2d())).toBe("maxPool2d: expects an options object { kernelSize, stride, padding, dilation, ceilMode }, got undefined\n  at maxPool2d '2'");
    expect(thrown(() => x.convTranspose2d(null))).toBe("convTranspose2d: expects an options object { outChannels, kernelSize, stride, padding, outputPadding, dilation, groups, bias, name }, got null\n  at convTranspose2d '3'");
    expect(thrown(() => x.upsample([2, 2]))).toBe("upsample: expects an options object { size, scaleFactor, mode, alignCorners }, got [2, 2]\n  at upsample '4'");
    expect(thrown(() => x.flatten().linear(10))).toBe("linear: expects an options object { outFeatures, bias, name }, got 10\n  at linear '6'");
    expect(thrown(() => x.adaptiveAvgPool2d())).toBe("adaptiveAvgPool2d: outputSize is required\n  at adaptiveAvgPool2d '7'");
    expect(x.batchNorm2d().shape).toEqual([1, 3, 8, 8]);
  });
  it('accepts every documented option of every layer', () => {
    const x = input([1, 4, 8, 8]);
    expect(x.conv2d({ outChannels: 4, kernelSize: 3, stride: 1, padding: 1, dilation: 1, groups: 2, bias: false, paddingMode: 'circular', name: 'c' }).shape).toEqual([1, 4, 8, 8]);
    expect(x.convTranspose2d({ outChannels: 2, kernelSize: 2, stride: 2, padding: 0, outputPadding: 1, dilation: 1, groups: 2, bias: true, name: 't' }).shape).toEqual([1, 2, 17, 17]);
    expect(x.maxPool2d({ kernelSize: 2, stride: 2, padding: 1, dilation: 1, ceilMode: false }).shape).toEqual([1, 4, 5, 5]);
    expect(x.avgPool2d({ kernelSize: 2, stride: 2, padding: 1, ceilMode: true, countIncludePad: false }).shape).toEqual([1, 4, 5, 5]);
    expect(x.batchNorm2d({ eps: 1e-3, name: 'bn' }).flatten().linear({ outFeatures: 3, bias: false, name: 'fc' }).shape).toEqual([1, 3]);
    expect(x.upsample({ scaleFactor: 2, mode: 'nearest' }).shape).toEqual([1, 4, 16, 16]);
  });
});

describe('a bad value is printed as JavaScript would write it', () => {
  it('quotes strings, so a number written as a string shows as one', () => {
    const x = js([1, 3, 8, 8]);
    expect(sentences(() => x.conv2d({ outChannels: 2, kernelSize: '3' }))).toBe("conv2d: kernelSize must be a positive integer, got '3'");
    expect(sentences(() => x.conv2d({ outChannels: '2', kernelSize: 3 }))).toBe("conv2d: outChannels must be a positive integer, got '2'");
    expect(sentences(() => x.conv2d({ outChannels: 2, kernelSize: 3, stride: [1, '2'] }))).toBe("conv2d: stride must be a positive integer, got [1, '2']");
    expect(sentences(() => x.maxPool2d({ kernelSize: 2, padding: '1' }))).toBe("maxPool2d: padding must be a non-negative integer, got '1'");
    expect(sentences(() => x.conv2d({ outChannels: 2, kernelSize: 3, padding: 'full' }))).toBe("conv2d: padding must be a number, a pair, 'valid' or 'same', got 'full'");
    expect(sentences(() => x.conv2d({ outChannels: 2, kernelSize: 3, paddingMode: 3 }))).toBe("conv2d: paddingMode must be 'zeros', 'reflect', 'replicate' or 'circular', got 3");
    expect(sentences(() => x.dropout('0.5'))).toBe("dropout: p must be between 0 and 1, got '0.5'");
    expect(sentences(() => x.leakyRelu('0.1'))).toBe("leakyRelu: slope must be a finite number, got '0.1'");
    expect(sentences(() => x.softmax('1'))).toBe("softmax: dim '1' is out of range for rank 4 [1, 3, 8, 8]");
    expect(sentences(() => x.flatten('1'))).toBe("flatten: dims '1'…-1 are out of range for rank 4 [1, 3, 8, 8]");
    expect(sentences(() => x.reshape('1, 192'))).toBe("reshape: expects a shape array, got '1, 192'");
    expect(sentences(() => x.batchNorm2d({ eps: '1e-3' }))).toBe("batchNorm2d: eps must be a non-negative number, got '1e-3'");
    expect(sentences(() => x.upsample({ scaleFactor: 2, mode: 'bicubic' }))).toBe("upsample: mode must be 'nearest' or 'bilinear', got 'bicubic'");
    expect(sentences(() => x.conv2d({ outChannels: 2, kernelSize: 1, name: ['a'] }))).toBe("conv2d: name must be a non-empty string, got ['a']");
    expect(sentences(() => input('1, 3' as never))).toBe("input: shape must be a non-empty array of dimensions, got '1, 3'");
    expect(sentences(() => input([1, '3', null] as never))).toBe("input: dimensions must be non-negative integers or names, got [1, '3', null]");
  });
  it('formatValue writes literals (FormatValue, its type-level twin: options.test-d.ts)', () => {
    expect([formatValue('3'), formatValue(3), formatValue(-0), formatValue(true), formatValue(null), formatValue(undefined), formatValue(10n)])
      .toEqual(["'3'", '3', '-0', 'true', 'null', 'undefined', '10n']);
    expect([formatValue([3, '3']), formatValue({ h: 3, 'w-': [1, 2] }), formatValue({}), formatValue(new Map()), formatValue(() => 1), formatValue([[[1]]])])
      .toEqual(["[3, '3']", "{ h: 3, 'w-': [1, 2] }", '{}', 'a Map', 'a function', '[[[…]]]']);
    expect(formatValue('x'.repeat(100))).toBe(`'${'x'.repeat(60)}…'`);
    expect(formatShape(['batch', 3, 224])).toBe("['batch', 3, 224]");
  });
});

describe('padding modes refuse what PyTorch refuses, also for sizes known only at run time', () => {
  it('checks reflect and circular padding against a `number` dimension', () => {
    const height = Number('4');
    const x = input([1, 3, height, 6]);
    expect(sentences(() => x.conv2d({ outChannels: 2, kernelSize: 3, padding: 5, paddingMode: 'circular' }))).toBe(
      'conv2d: circular padding 5 must be at most the input height 4 (it would wrap around more than once)');
    expect(sentences(() => x.conv2d({ outChannels: 2, kernelSize: 3, padding: 4, paddingMode: 'reflect' }))).toBe('conv2d: reflect padding 4 must be smaller than the input height 4');
    expect(x.conv2d({ outChannels: 2, kernelSize: 3, padding: 4, paddingMode: 'circular' }).shape).toEqual([1, 2, 10, 12]);
    expect(x.conv2d({ outChannels: 2, kernelSize: 3, padding: 9, paddingMode: 'replicate' }).shape).toEqual([1, 2, 20, 22]);
  });
});

describe('the nearest known key', () => {
  /** The textbook definition: optimal string alignment distance by dynamic programming, nearest within one edit per four letters. */
  function reference(key: string, known: readonly string[]): string | undefined {
    const plain = (text: string) => text.toLowerCase().replace(/[_-]/g, '');
    const distance = (a: string, b: string) => {
      const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
      for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
          d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
          if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
      return d[a.length][b.length];
    };
    const wanted = plain(key);
    if (wanted.length === 0 || wanted.length > 64) return undefined;
    let best: { key: string; distance: number } | undefined;
    for (const candidate of known) {
      const found = distance(wanted, plain(candidate));
      if (found <= Math.max(1, Math.floor(plain(candidate).length / 4)) && (!best || found < best.distance)) best = { key: candidate, distance: found };
    }
    return best?.key;
  }
  it('is the textbook optimal-string-alignment nearest, on 5,000 seeded near and far misses', () => {
    let state = 20261212;
    const random = () => ((state = (Math.imul(state, 1103515245) + 12345) >>> 0) / 4294967296);
    const known = ['outChannels', 'kernelSize', 'stride', 'padding', 'dilation', 'groups', 'bias', 'paddingMode', 'name', 'countIncludePad', 'ceilMode', 'eps'];
    const letters = 'aeinoprst_CKS';
    const mismatches: unknown[] = [];
    for (let n = 0; n < 5_000; n++) {
      let key = known[Math.floor(random() * known.length)];
      for (let edits = Math.floor(random() * 4); edits > 0; edits--) {
        const at = Math.floor(random() * (key.length + 1));
        const letter = letters[Math.floor(random() * letters.length)];
        key = [key.slice(0, at) + letter + key.slice(at), key.slice(0, at) + key.slice(at + 1), key.slice(0, at) + letter + key.slice(at + 1),
          key.slice(0, at) + key.slice(at + 1, at + 2) + key.slice(at, at + 1) + key.slice(at + 2)][Math.floor(random() * 4)];
      }
      if (nearestKey(key, known) !== reference(key, known)) mismatches.push({ key, got: nearestKey(key, known), want: reference(key, known) });
    }
    expect(mismatches).toEqual([]);
  });
});
