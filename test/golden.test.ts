/**
 * The reference interpreter against PyTorch: every golden case (every op and option, 320 random window
 * ops, every op on NaN and ±inf, whole networks with PyTorch names and their whole state_dicts) within
 * max |Δ| ≤ 1e-4 · max(1, max |torch|), a non-finite value only where PyTorch has the same one. Prints
 * the worst case seen.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { interpret, type WeightsInput } from '@stride/runtime';
import { fixtureFiles, loadMathCases, loadNetworkCases, loadNonFiniteCases, loadOpCases, loadResampleNormCases, maxAbsDiff, tolerance, type GoldenCase } from './fixtures/index.js';

let worst = { id: '', op: '', error: 0, tolerance: 1, ratio: 0 };
/** The worst max |Δ| against PyTorch of each op of ops-math, reported per op. */
const worstMath = new Map<string, { id: string; error: number }>();
function check(c: GoldenCase, weights: WeightsInput = c.weights) {
  const out = interpret(c.graph, weights, c.inputs);
  for (const [name, expected] of Object.entries(c.expected)) {
    const error = maxAbsDiff(out[name], expected);
    const limit = tolerance(expected);
    if (error / limit > worst.ratio) worst = { id: c.id, op: c.op, error, tolerance: limit, ratio: error / limit };
    if (c.id.startsWith('math/') && error >= (worstMath.get(c.op)?.error ?? 0)) worstMath.set(c.op, { id: c.id, error });
    expect(error, `${c.id} ${c.op}(${JSON.stringify(c.args)}) output ${name}`).toBeLessThanOrEqual(limit);
  }
}

const opCases = loadOpCases();
const nonFiniteCases = loadNonFiniteCases();
const networkCases = loadNetworkCases();
const resampleNormCases = loadResampleNormCases();
const mathCases = loadMathCases();
const randomCases = opCases.slice(opCases.findIndex((c, i) => i > 0 && c.id === 'case0'));

describe('the fixtures', () => {
  it('hold every op of the DSL, on finite and on NaN/±inf inputs', () => {
    const ops = ['conv2d', 'convTranspose2d', 'maxPool2d', 'avgPool2d', 'adaptiveAvgPool2d', 'batchNorm2d', 'linear', 'flatten', 'reshape', 'upsample',
      'dropout', 'softmax', 'relu', 'relu6', 'leakyRelu', 'sigmoid', 'tanh', 'gelu', 'silu', 'hardswish', 'hardsigmoid', 'add', 'mul', 'concat'];
    expect(new Set(opCases.map((c) => c.op))).toEqual(new Set(ops));
    expect(new Set(nonFiniteCases.map((c) => c.op))).toEqual(new Set(ops.filter((op) => op !== 'reshape')));
    expect(nonFiniteCases.filter((c) => c.expected.output.some(Number.isNaN)).length).toBeGreaterThan(50);
    expect(nonFiniteCases.filter((c) => c.expected.output.some((v) => v === Infinity) && c.expected.output.some((v) => v === -Infinity)).length).toBeGreaterThan(20);
    expect(networkCases.map((c) => c.id)).toEqual(['lenet5', 'lenet5-sequential', 'cifar-vgg', 'resnet-basic', 'mobilenet-v2-stack']);
  });

  it('hold resampling and normalization with their edge cases (ops-resample-norm)', () => {
    const upsample = resampleNormCases.filter((c) => c.op === 'upsample').map((c) => c.graph.nodes[1].attrs as { mode: string; alignCorners: boolean; size: number[]; scaleFactor: number[] | null });
    const bilinear = upsample.filter((a) => a.mode === 'bilinear');
    expect(bilinear.filter((a) => a.alignCorners).length).toBeGreaterThanOrEqual(10);
    expect(bilinear.filter((a) => !a.alignCorners).length).toBeGreaterThanOrEqual(10);
    expect(bilinear.filter((a) => a.scaleFactor?.some((f) => f < 1)).length).toBeGreaterThanOrEqual(3);
    expect(bilinear.filter((a) => a.scaleFactor === null).length).toBeGreaterThanOrEqual(5);
    expect(upsample.filter((a) => a.mode === 'nearest' && a.scaleFactor?.some((f) => !Number.isInteger(f))).length).toBeGreaterThanOrEqual(4);
    expect(resampleNormCases.filter((c) => c.id.includes('nonfinite-')).length).toBeGreaterThanOrEqual(12);
    const attrsOf = (op: string) => resampleNormCases.filter((c) => c.op === op).map((c) => ({ attrs: c.graph.nodes[1].attrs as Record<string, unknown>, shape: c.graph.nodes[0].shape as number[] }));
    const groupNorm = attrsOf('groupNorm');
    expect(groupNorm.some(({ attrs }) => attrs.numGroups === 1)).toBe(true);
    expect(groupNorm.some(({ attrs }) => attrs.numGroups === attrs.numChannels && (attrs.numChannels as number) > 1)).toBe(true);
    expect(groupNorm.some(({ attrs }) => attrs.affine === false)).toBe(true);
    const layerNorm = attrsOf('layerNorm').map(({ attrs }) => (attrs.normalizedShape as number[]).length);
    expect(new Set(layerNorm)).toEqual(new Set([1, 2, 3]));
    expect(attrsOf('instanceNorm2d').map(({ attrs }) => attrs.affine)).toEqual(expect.arrayContaining([true, false]));
    expect(attrsOf('adaptiveMaxPool2d').some(({ attrs, shape }) => shape[2] % (attrs.outputSize as number[])[0] !== 0)).toBe(true);
  });

  it('hold at least 300 random window-op configurations with the variety the issue lists', () => {
    const count = (test: (c: GoldenCase, attrs: Record<string, unknown>, shape: number[]) => boolean) =>
      randomCases.filter((c) => test(c, c.graph.nodes[1].attrs as Record<string, unknown>, c.graph.nodes[0].shape as number[])).length;
    const pair = (value: unknown) => value as [number, number];
    const counts = {
      all: randomCases.length,
      oddSize: count((_c, _a, [, , h, w]) => h % 2 === 1 && w % 2 === 1),
      nonSquare: count((_c, _a, [, , h, w]) => h !== w),
      dilated: count((_c, a) => a.dilation !== undefined && pair(a.dilation).some((d) => d > 1)),
      grouped: count((c, a, [, channels]) => c.op === 'conv2d' && (a.groups as number) > 1 && a.groups !== channels),
      depthwise: count((c, a, [, channels]) => c.op === 'conv2d' && channels > 1 && a.groups === channels),
      depthwiseTransposed: count((c, a, [, channels]) => c.op === 'convTranspose2d' && channels > 1 && a.groups === channels),
      ...Object.fromEntries(['zeros', 'reflect', 'replicate', 'circular'].map((mode) => [mode, count((_c, a) => a.paddingMode === mode)])),
      ceilMode: count((_c, a) => a.ceilMode === true),
      floorMode: count((_c, a) => a.ceilMode === false),
      // A ceil-mode case whose output is larger than floor mode's would be: ceil mode really matters.
      ceilChangesSize: count((c, a, [, , h]) => a.ceilMode === true && (c.graph.nodes[1].shape[2] as number) >
        Math.floor((h + 2 * pair(a.padding)[0] - ((pair(a.dilation ?? [1, 1])[0]) * (pair(a.kernelSize)[0] - 1) + 1)) / pair(a.stride)[0]) + 1),
      unevenStride: count((c, a, [, , h, w]) => {
        if (c.op === 'convTranspose2d') return false;
        const padding = c.op === 'conv2d' ? a.padding as { top: number; bottom: number; left: number; right: number } : undefined;
        const [dh, dw] = pair(a.dilation ?? [1, 1]);
        const [kh, kw] = pair(a.kernelSize);
        const [sh, sw] = pair(a.stride);
        const [ph, pw] = padding ? [padding.top + padding.bottom, padding.left + padding.right] : pair(a.padding).map((p) => 2 * p);
        return (h + ph - dh * (kh - 1) - 1) % sh !== 0 || (w + pw - dw * (kw - 1) - 1) % sw !== 0;
      }),
      convTranspose2d: count((c) => c.op === 'convTranspose2d'),
      pools: count((c) => c.op === 'maxPool2d' || c.op === 'avgPool2d'),
      countExcludingPad: count((_c, a) => a.countIncludePad === false),
    };
    console.log(`golden: random window ops ${JSON.stringify(counts)}`);
    expect(counts.all).toBeGreaterThanOrEqual(300);
    for (const [feature, n] of Object.entries(counts)) expect(n, feature).toBeGreaterThanOrEqual(5);
  });

  it('hold mean, sub, div, elu, logSoftmax, clamp and hardtanh with their edge cases (ops-math)', () => {
    const ofOp = (op: string) => mathCases.filter((c) => c.op === op);
    expect(new Set(mathCases.map((c) => c.op))).toEqual(new Set(['mean', 'sub', 'div', 'elu', 'logSoftmax', 'clamp', 'hardtanh']));
    // every op on NaN and ±inf as well
    expect(new Set(mathCases.filter((c) => c.id.includes('nonfinite-')).map((c) => c.op))).toEqual(new Set(['mean', 'sub', 'div', 'elu', 'logSoftmax', 'clamp', 'hardtanh']));
    const means = ofOp('mean').map((c) => ({ attrs: c.graph.nodes[1].attrs as { dims: number[]; keepDim: boolean }, rank: c.graph.nodes[0].shape.length }));
    expect(means.some(({ attrs }) => attrs.dims.length > 1 && attrs.keepDim)).toBe(true);
    expect(means.some(({ attrs }) => attrs.dims.length > 1 && !attrs.keepDim)).toBe(true);
    expect(means.some(({ attrs }) => attrs.dims.some((d, i) => i > 0 && d > attrs.dims[i - 1] + 1))).toBe(true); // axes that are not adjacent
    expect(new Set(means.map(({ rank }) => rank))).toEqual(new Set([2, 3, 4, 5]));
    // broadcasting on both sides, and division by ±0 and tiny divisors: ±inf and NaN as PyTorch gives them
    for (const op of ['sub', 'div']) expect(ofOp(op).some((c) => c.graph.nodes[0].shape.length < c.graph.nodes[1].shape.length), op).toBe(true);
    const nearZero = ofOp('div').filter((c) => c.id.includes('near-zero'));
    expect(nearZero.length).toBe(2);
    for (const value of [Infinity, -Infinity]) expect(nearZero.some((c) => c.expected.output.includes(value))).toBe(true);
    expect(nearZero.some((c) => c.expected.output.some(Number.isNaN))).toBe(true);
    // logSoftmax of logits in the thousands: finite where softmax's log would be −∞
    expect(ofOp('logSoftmax').some((c) => c.expected.output.some((v) => v < -1000) && c.expected.output.every(Number.isFinite))).toBe(true);
    expect(ofOp('clamp').some((c) => (c.args[0] as { min?: number; max?: number }).min! > (c.args[0] as { max?: number }).max!)).toBe(true);
  });

  it('stay compact: under 20 MB in all', () => {
    const files = fixtureFiles();
    const total = files.reduce((sum, f) => sum + f.bytes, 0);
    console.log(`golden: fixtures ${files.map((f) => `${f.file} ${(f.bytes / 2 ** 20).toFixed(2)} MB`).join(', ')}; ${(total / 2 ** 20).toFixed(2)} MB in all`);
    expect(files.map((f) => f.file).sort()).toEqual(['networks.safetensors', 'ops-manual.safetensors', 'ops-math.safetensors', 'ops-nonfinite.safetensors', 'ops-random.safetensors', 'ops-resample-norm.safetensors']);
    expect(total).toBeLessThan(20 * 2 ** 20);
  });
});

describe('reference interpreter vs PyTorch', () => {
  it.each(opCases.map((c) => [`${c.id} ${c.op} ${JSON.stringify(c.args)}`, c] as const))('%s', (_label, c) => check(c));
  it.each(nonFiniteCases.map((c) => [`${c.id} ${c.op} ${JSON.stringify(c.args)}`, c] as const))('%s', (_label, c) => check(c));
  it.each(resampleNormCases.map((c) => [`${c.id} ${c.op} ${JSON.stringify(c.args)}`, c] as const))('%s', (_label, c) => check(c));
  it.each(mathCases.map((c) => [`${c.id} ${c.op} ${JSON.stringify(c.args)}`, c] as const))('%s', (_label, c) => check(c));
  // The whole state_dict as PyTorch saved it (num_batches_tracked included), with no option to allow extras.
  it.each(networkCases.map((c) => [c.id, c] as const))('network %s', (_label, c) => check(c, c.stateDict));
  it('binds the nn.Sequential LeNet state_dict (keys 0, 3, 7, 9, 11) to the DSL LeNet written without names', () => {
    const sequential = networkCases.find((c) => c.id === 'lenet5-sequential')!;
    expect([...sequential.stateDict!.tensors.keys()]).toEqual(['0.weight', '0.bias', '3.weight', '3.bias', '7.weight', '7.bias', '9.weight', '9.bias', '11.weight', '11.bias']);
    expect(sequential.graph.nodes.flatMap((n) => Object.values(n.params as Record<string, { name: string }>).map((p) => p.name)))
      .toEqual([...sequential.stateDict!.tensors.keys()]);
    const named = networkCases.find((c) => c.id === 'lenet5')!;
    expect(named.graph.nodes.map((n) => n.op)).toEqual(sequential.graph.nodes.map((n) => n.op));
  });
  it('loads state_dicts carrying num_batches_tracked (I64) as PyTorch saves them', () => {
    const withCounters = networkCases.filter((c) => [...c.stateDict!.tensors.values()].some((t) => t.dtype === 'I64' && t.name.endsWith('.num_batches_tracked')));
    expect(withCounters.map((c) => c.id)).toEqual(['cifar-vgg', 'resnet-basic', 'mobilenet-v2-stack']);
  });
});

afterAll(() => {
  console.log(`golden: ops-math, worst max |Δ| vs PyTorch per op: ${[...worstMath].map(([op, w]) => `${op} ${w.error.toExponential(2)} (${w.id})`).join(', ')}`);
  console.log(`golden: worst case ${worst.id} (${worst.op}): max |Δ| = ${worst.error.toExponential(2)}, tolerance ${worst.tolerance.toExponential(2)} (${(worst.ratio * 100).toFixed(1)}% of it)`);
});
