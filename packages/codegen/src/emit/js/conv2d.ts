/**
 * conv2d in JavaScript. The input is first copied into a padded scratch span when the layer pads
 * (any padding mode), so every kernel below reads without bounds checks: the interior/border split
 * is done once, by the copy. Kernels by shape:
 * - `direct-4x4`: 4 output channels × 4 output pixels held in 16 locals, the kernel window unrolled
 *   along x; weights packed [channel block][input channel][ky][kx][4] so each step reads 4 adjacent.
 * - `1x1-gemm`: the same blocking over flattened pixels (a GEMM of weights × pixels).
 * - `depthwise`: one channel at a time, the window fully unrolled with its weights in locals.
 * - `grouped`: plain loops per group.
 * - `winograd-2x2`: dense 3×3 stride-1 layers with 16+ channels, in `conv2d-winograd.ts`.
 * - `winograd-rows`: 1-D Winograd F(m, r) along the width where the cost model prefers it (LeNet-5's
 *   5×5 layers), in `conv2d-winograd-rows.ts`. `plan/convKernel.ts` chooses among them.
 * Left-over channels and pixels (counts not divisible by 4) take a scalar loop with the same epilogue.
 */
import { elementCount, type PaddingMode } from '@stride/dsl';
import type { StepOf } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import type { PackedWeight } from './registry.js';
import { chooseConv2dKernel } from './convKernel.js';
import { emitConv2dWinograd, packWinograd, planWinograd } from './conv2d-winograd.js';
import { emitConv2dWinogradRows, planWinogradRows } from './conv2d-winograd-rows.js';
import { epilogueOf, storeWithEpilogue } from './epilogue.js';
import { plus, times } from './expression.js';
import { arena, type JsKernel } from './kernel.js';

type ConvStep = StepOf<'conv2d'>;

/**
 * The kernel a conv2d gets (`convKernel.ts` decides) and what it needs besides its operands: the
 * padded copy of its input (`$pad`) — the layer's padding, widened or lengthened for the Winograd
 * kernels' whole tiles — and the Winograd kernels' scratch (`$tmp`).
 */
export function chooseConv2d(step: ConvStep, weight: Float32Array): JsKernel {
  const { attrs } = step;
  const input = step.reads.input;
  const choice = chooseConv2dKernel(attrs, input.shape, step.output.shape, weight.every(Number.isFinite));
  const pad = attrs.padding;
  const needsPad = pad.top + pad.bottom + pad.left + pad.right > 0;
  const [n, c, h, w] = input.shape;
  const padded = needsPad ? [n, c, h + pad.top + pad.bottom, w + pad.left + pad.right] : undefined;
  if (choice.kernel === 'conv2d/winograd-2x2') return planWinograd(step);
  if (choice.kernel === 'conv2d/winograd-rows') return planWinogradRows(step, choice.m, choice.blockChannels);
  return { kernel: choice.kernel, temporaries: padded ? { padded: { bytes: 4 * elementCount(padded), pool: arena } } : {}, ...(padded ? { padded } : {}) };
}

/** Weight layout per kernel; the packed array replaces PyTorch's [out, in/groups, kh, kw]. */
export function packConv2d(step: ConvStep, choice: JsKernel, slot: string, raw: Float32Array): PackedWeight {
  if (slot !== 'weight') return { stored: raw, runtimeLength: raw.length };
  if (choice.kernel === 'conv2d/winograd-2x2') return packWinograd(step, raw);
  return { stored: packDirect(step, choice, raw), runtimeLength: raw.length };
}

function packDirect(step: ConvStep, choice: JsKernel, raw: Float32Array): Float32Array {
  if (choice.kernel !== 'conv2d/direct-4x4' && choice.kernel !== 'conv2d/1x1-gemm') return raw;
  const { outChannels, inChannels, kernelSize: [kh, kw] } = step.attrs;
  const per = inChannels * kh * kw;
  const packed = new Float32Array(raw.length);
  // Channel blocks of 4 (the last one possibly narrower), each laid out [c][ky][kx][j]: one block's
  // weights for one input tap are adjacent, read in order by the unrolled kernel.
  for (let start = 0; start < outChannels; start += 4) {
    const width = Math.min(4, outChannels - start);
    for (let i = 0; i < per; i++) for (let j = 0; j < width; j++) packed[start * per + i * width + j] = raw[(start + j) * per + i];
  }
  return packed;
}

/** Index of a padded position's source along one axis, as a JS expression (or -1 for zeros). */
function sourceIndex(mode: PaddingMode, i: string, length: number): string {
  switch (mode) {
    case 'zeros': return `(${i} >= 0 && ${i} < ${length} ? ${i} : -1)`;
    case 'replicate': return `(${i} < 0 ? 0 : ${i} >= ${length} ? ${length - 1} : ${i})`;
    case 'circular': return `((${i} % ${length}) + ${length}) % ${length}`;
    case 'reflect': {
      const period = 2 * (length - 1);
      return period === 0 ? '0' : `((t) => t >= ${length} ? ${period} - t : t)(((${i} % ${period}) + ${period}) % ${period})`;
    }
  }
}

function emitPad(step: ConvStep, choice: JsKernel, w: SourceWriter): void {
  const padded = choice.padded!;
  const [n, c, h, wi] = step.reads.input.shape;
  const { top, left } = step.attrs.padding;
  const [, , hp, wp] = padded;
  const mode = step.attrs.paddingMode;
  w.comment(`pad ${mode}: [${n}, ${c}, ${h}, ${wi}] → [${n}, ${c}, ${hp}, ${wp}]`);
  w.loop('plane', n * c, (plane) => {
    w.line(`const src = ${plus('$in', times(plane, h * wi))}, dst = ${plus('$pad', times(plane, hp * wp))};`);
    w.block(`for (let y = 0; y < ${hp}; y++)`, () => {
      w.line(`const sy = ${sourceIndex(mode, top === 0 ? 'y' : `y - ${top}`, h)};`);
      w.line(`const row = dst + y * ${wp};`);
      if (mode === 'zeros') {
        w.block(`if (sy < 0)`, () => w.line(`a.fill(0, row, row + ${wp});`), '} else {');
        if (left > 0) w.line(`  a.fill(0, row, row + ${left});`);
        w.line(`  a.copyWithin(${plus('row', left)}, src + sy * ${wi}, src + sy * ${wi} + ${wi});`);
        if (left + wi < wp) w.line(`  a.fill(0, row + ${left + wi}, row + ${wp});`);
        w.line('}');
      } else {
        w.block(`for (let x = 0; x < ${wp}; x++)`, () => {
          w.line(`a[row + x] = a[src + sy * ${wi} + ${sourceIndex(mode, left === 0 ? 'x' : `x - ${left}`, wi)}];`);
        });
      }
    });
  });
}

export function emitConv2d(step: ConvStep, choice: JsKernel, w: SourceWriter): void {
  const source = choice.padded ?? step.reads.input.shape;
  const from = choice.padded ? '$pad' : '$in';
  if (choice.padded) emitPad(step, choice, w);
  if (choice.winograd) return emitConv2dWinograd(step, choice, w);
  if (choice.winogradRows) return emitConv2dWinogradRows(step, choice, w);
  const [batch, inChannels, height, width] = source;
  const [, outChannels, outHeight, outWidth] = step.output.shape;
  const { kernelSize: [kh, kw], stride: [sh, sw], dilation: [dh, dw], groups } = step.attrs;
  const inPlane = height * width;
  const outPlane = outHeight * outWidth;
  const e = epilogueOf(step);

  if (choice.kernel === 'conv2d/depthwise') {
    w.loop('n', batch, (n) => {
      w.block(`for (let c = 0; c < ${outChannels}; c++)`, () => {
        w.line(`const src = ${plus(from, times(plus(times(n, inChannels), 'c'), inPlane))}, dst = ${plus('$out', times(plus(times(n, outChannels), 'c'), outPlane))};`);
        w.line(`const k = ${plus('$w', times('c', kh * kw))};`);
        for (let i = 0; i < kh * kw; i++) w.line(`const w${i} = w[${plus('k', i)}];`);
        const quads = Math.floor(outWidth / 4) * 4;
        w.loop('y', outHeight, (y) => {
          w.line(`const r = ${plus('src', times(y, sh * width))}, o = ${plus('dst', times(y, outWidth))};`);
          // Four adjacent outputs at a time: their windows overlap along x, so each input value is
          // loaded once and used by every output whose window holds it.
          if (quads > 0) {
            w.block(`for (let x = 0; x < ${quads}; x += 4)`, () => {
              w.line(`const p = ${plus('r', times('x', sw))};`);
              const sums = [[], [], [], []] as string[][];
              for (let ky = 0; ky < kh; ky++) {
                const columns = [...new Set(Array.from({ length: 4 }, (_, j) => Array.from({ length: kw }, (_, kx) => kx * dw + j * sw)).flat())].sort((l, r) => l - r);
                w.line(columns.map((o) => `const v${ky}_${o} = a[${plus('p', ky * dh * width + o)}];`).join(' '));
                for (let j = 0; j < 4; j++) for (let kx = 0; kx < kw; kx++) sums[j].push(`w${ky * kw + kx} * v${ky}_${kx * dw + j * sw}`);
              }
              for (let j = 0; j < 4; j++) {
                w.line(`const s${j} = ${sums[j].join(' + ')};`);
                w.line(storeWithEpilogue(e, `s${j}`, 'c', plus('o', 'x', j)));
              }
            });
          }
          if (quads < outWidth) w.block(`for (let x = ${quads}; x < ${outWidth}; x++)`, () => {
            w.line(`const p = ${plus('r', times('x', sw))};`);
            const terms: string[] = [];
            for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) terms.push(`w${ky * kw + kx} * a[${plus('p', ky * dh * width + kx * dw)}]`);
            w.line(`const s = ${terms.join(' + ')};`);
            w.line(storeWithEpilogue(e, 's', 'c', 'o + x'));
          });
        });
      });
    });
    return;
  }

  if (choice.kernel === 'conv2d/grouped') {
    const inPer = inChannels / groups;
    const outPer = outChannels / groups;
    w.loop('n', batch, (n) => {
      w.block(`for (let o = 0; o < ${outChannels}; o++)`, () => {
        w.line(`const g = (o / ${outPer}) | 0;`);
        w.line(`const src = ${plus(from, times(plus(times(n, inChannels), times('g', inPer)), inPlane))};`);
        w.line(`const k = ${plus('$w', times('o', inPer * kh * kw))};`);
        w.loop('y', outHeight, (y) => {
          w.block(`for (let x = 0; x < ${outWidth}; x++)`, () => {
            w.line('let s = 0;');
            w.loop('c', inPer, (c) => {
              w.line(`const p = ${plus('src', times(c, inPlane), times(y, sh * width), times('x', sw))};`);
              w.line(`const q = ${plus('k', times(c, kh * kw))};`);
              w.block(`for (let ky = 0; ky < ${kh}; ky++)`, () => {
                w.block(`for (let kx = 0; kx < ${kw}; kx++)`, () => w.line(`s += w[${plus('q', times('ky', kw), 'kx')}] * a[${plus('p', times('ky', dh * width), times('kx', dw))}];`));
              });
            });
            w.line(storeWithEpilogue(e, 's', 'o', plus('$out', times(plus(times(n, outChannels), 'o'), outPlane), times(y, outWidth), 'x')));
          });
        });
      });
    });
    return;
  }

  // direct-4x4 and 1x1-gemm share the blocking; 1x1 walks flattened pixels. A block computes J output
  // channels × P output pixels (J, P ≤ 4) in J·P locals; full blocks are 4 × 4, the edges narrower.
  const pointwise = choice.kernel === 'conv2d/1x1-gemm';
  const per = inChannels * kh * kw;
  const pixels = pointwise ? outPlane : outWidth;
  const rows = pointwise ? 1 : outHeight;
  const xStep = pointwise ? 1 : sw;

  const emitBlock = (channels: number, channel: string | number, pixelCount: number, x: string | number, y: string | number) => {
    for (let j = 0; j < channels; j++) w.line(`let ${Array.from({ length: pixelCount }, (_, p) => `s${j}${p} = 0`).join(', ')};`);
    w.line(`let q = ${plus('$w', times(channel, per))};`);
    w.block(`for (let c = 0; c < ${inChannels}; c++)`, () => {
      w.line(`const base = ${plus('row', times('c', inPlane), times(x, xStep))};`);
      // One (input channel, kernel row): load each distinct input offset once — adjacent pixels share
      // taps when the stride is small — and every weight of the row once, then J·P·kw multiply-adds.
      const taps = (p: string) => {
        const offsets = [...new Set(Array.from({ length: pixelCount }, (_, p) => Array.from({ length: kw }, (_, kx) => kx * dw + p * xStep)).flat())].sort((l, r) => l - r);
        w.line(offsets.map((o) => `const v${o} = a[${plus(p, o)}];`).join(' '));
        for (let kx = 0; kx < kw; kx++) {
          w.line(Array.from({ length: channels }, (_, j) => `const w${j}_${kx} = w[${plus('q', kx * channels + j)}];`).join(' '));
          for (let j = 0; j < channels; j++) w.line(Array.from({ length: pixelCount }, (_, p) => `s${j}${p} += w${j}_${kx} * v${kx * dw + p * xStep};`).join(' '));
        }
        w.line(`q += ${kw * channels};`);
      };
      if (kh === 1) taps('base');
      else {
        w.block(`for (let ky = 0; ky < ${kh}; ky++)`, () => {
          w.line(`const p = ${plus('base', times('ky', dh * width))};`);
          taps('p');
        });
      }
    });
    for (let j = 0; j < channels; j++) {
      for (let p = 0; p < pixelCount; p++) {
        const pixel = pointwise ? plus(x, p) : plus(times(y, outWidth), x, p);
        w.line(storeWithEpilogue(e, `s${j}${p}`, plus(channel, j), plus('dst', times(plus(channel, j), outPlane), pixel)));
      }
    }
  };

  const fullBlocks = Math.floor(outChannels / 4);
  const channelTail = outChannels - fullBlocks * 4;
  const pixelBlocks = Math.floor(pixels / 4);
  const pixelTail = pixels - pixelBlocks * 4;
  const emitChannels = (channels: number, channel: string | number, y: string | number) => {
    if (pixelBlocks > 1) w.block(`for (let x = 0; x < ${pixelBlocks * 4}; x += 4)`, () => emitBlock(channels, channel, 4, 'x', y));
    else if (pixelBlocks === 1) w.block('', () => emitBlock(channels, channel, 4, 0, y));
    if (pixelTail > 0) w.block('', () => emitBlock(channels, channel, pixelTail, pixelBlocks * 4, y));
  };
  w.loop('n', batch, (n) => {
    w.line(`const dst = ${plus('$out', times(n, outChannels * outPlane))};`);
    w.loop('y', rows, (y) => {
      w.line(`const row = ${plus(from, times(n, inChannels * inPlane), pointwise ? 0 : times(y, sh * width))};`);
      if (fullBlocks > 1) w.block(`for (let b = 0; b < ${fullBlocks * 4}; b += 4)`, () => emitChannels(4, 'b', y));
      else if (fullBlocks === 1) emitChannels(4, 0, y);
      if (channelTail > 0) emitChannels(channelTail, fullBlocks * 4, y);
    });
  });
}
