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
import type { PaddingMode } from '@stride/dsl';
import type { Step } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import type { PackedWeight } from './registry.js';
import { emitConv2dWinograd, packWinograd } from './conv2d-winograd.js';
import { emitConv2dWinogradRows } from './conv2d-winograd-rows.js';
import { storeWithEpilogue } from './epilogue.js';
import { plus, times } from './expression.js';

type ConvStep = Extract<Step, { kind: 'conv2d' }>;

/** Weight layout per kernel; the packed array replaces PyTorch's [out, in/groups, kh, kw]. */
export function packConv2d(step: ConvStep, raw: Float32Array): PackedWeight {
  if (step.kernel === 'conv2d/winograd-2x2') return packWinograd(step, raw);
  return { stored: packDirect(step, raw), runtimeLength: raw.length };
}

function packDirect(step: ConvStep, raw: Float32Array): Float32Array {
  if (step.kernel !== 'conv2d/direct-4x4' && step.kernel !== 'conv2d/1x1-gemm') return raw;
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

function emitPad(step: ConvStep, w: SourceWriter): void {
  const padded = step.padded!;
  const [n, c, h, wi] = step.input.shape;
  const { top, left } = step.attrs.padding;
  const [, , hp, wp] = padded.shape;
  w.comment(`pad ${step.attrs.paddingMode}: [${n}, ${c}, ${h}, ${wi}] → [${n}, ${c}, ${hp}, ${wp}]`);
  w.loop('plane', n * c, () => {
    w.line(`const src = ${plus('$in', times('plane', h * wi))}, dst = ${plus('$pad', times('plane', hp * wp))};`);
    w.block(`for (let y = 0; y < ${hp}; y++)`, () => {
      w.line(`const sy = ${sourceIndex(step.attrs.paddingMode, `y - ${top}`, h)};`);
      w.line(`const row = dst + y * ${wp};`);
      if (step.attrs.paddingMode === 'zeros') {
        w.block(`if (sy < 0)`, () => w.line(`a.fill(0, row, row + ${wp});`), '} else {');
        w.line(`  a.fill(0, row, row + ${left});`);
        w.line(`  a.copyWithin(row + ${left}, src + sy * ${wi}, src + sy * ${wi} + ${wi});`);
        w.line(`  a.fill(0, row + ${left + wi}, row + ${wp});`);
        w.line('}');
      } else {
        w.block(`for (let x = 0; x < ${wp}; x++)`, () => {
          w.line(`a[row + x] = a[src + sy * ${wi} + ${sourceIndex(step.attrs.paddingMode, `x - ${left}`, wi)}];`);
        });
      }
    });
  });
}

export function emitConv2d(step: ConvStep, w: SourceWriter): void {
  const source = step.padded ?? step.input;
  const from = step.padded ? '$pad' : '$in';
  if (step.padded) emitPad(step, w);
  if (step.kernel === 'conv2d/winograd-2x2') return emitConv2dWinograd(step, w);
  if (step.kernel === 'conv2d/winograd-rows') return emitConv2dWinogradRows(step, w);
  const [batch, inChannels, height, width] = source.shape;
  const [, outChannels, outHeight, outWidth] = step.output.shape;
  const { kernelSize: [kh, kw], stride: [sh, sw], dilation: [dh, dw], groups } = step.attrs;
  const inPlane = height * width;
  const outPlane = outHeight * outWidth;
  const e = step.epilogue;

  if (step.kernel === 'conv2d/depthwise') {
    w.loop('n', batch, () => {
      w.block(`for (let c = 0; c < ${outChannels}; c++)`, () => {
        w.line(`const src = ${from} + (n * ${inChannels} + c) * ${inPlane}, dst = $out + (n * ${outChannels} + c) * ${outPlane};`);
        w.line(`const k = $w + c * ${kh * kw};`);
        for (let i = 0; i < kh * kw; i++) w.line(`const w${i} = w[k + ${i}];`);
        const quads = Math.floor(outWidth / 4) * 4;
        w.block(`for (let y = 0; y < ${outHeight}; y++)`, () => {
          w.line(`const r = src + y * ${sh * width};`);
          // Four adjacent outputs at a time: their windows overlap along x, so each input value is
          // loaded once and used by every output whose window holds it.
          if (quads > 0) {
            w.block(`for (let x = 0; x < ${quads}; x += 4)`, () => {
              w.line(`const p = r + x * ${sw};`);
              const sums = [[], [], [], []] as string[][];
              for (let ky = 0; ky < kh; ky++) {
                const columns = [...new Set(Array.from({ length: 4 }, (_, j) => Array.from({ length: kw }, (_, kx) => kx * dw + j * sw)).flat())].sort((l, r) => l - r);
                w.line(columns.map((o) => `const v${ky}_${o} = a[p + ${ky * dh * width + o}];`).join(' '));
                for (let j = 0; j < 4; j++) for (let kx = 0; kx < kw; kx++) sums[j].push(`w${ky * kw + kx} * v${ky}_${kx * dw + j * sw}`);
              }
              for (let j = 0; j < 4; j++) {
                w.line(`const s${j} = ${sums[j].join(' + ')};`);
                w.line(storeWithEpilogue(e, `s${j}`, 'c', `dst + y * ${outWidth} + x + ${j}`));
              }
            });
          }
          if (quads < outWidth) w.block(`for (let x = ${quads}; x < ${outWidth}; x++)`, () => {
            w.line(`const p = r + x * ${sw};`);
            const terms: string[] = [];
            for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) terms.push(`w${ky * kw + kx} * a[p + ${ky * dh * width + kx * dw}]`);
            w.line(`const s = ${terms.join(' + ')};`);
            w.line(storeWithEpilogue(e, 's', 'c', `dst + y * ${outWidth} + x`));
          });
        });
      });
    });
    return;
  }

  if (step.kernel === 'conv2d/grouped') {
    const inPer = inChannels / groups;
    const outPer = outChannels / groups;
    w.loop('n', batch, () => {
      w.block(`for (let o = 0; o < ${outChannels}; o++)`, () => {
        w.line(`const g = (o / ${outPer}) | 0;`);
        w.line(`const src = ${from} + (n * ${inChannels} + g * ${inPer}) * ${inPlane};`);
        w.line(`const k = $w + o * ${inPer * kh * kw};`);
        w.block(`for (let y = 0; y < ${outHeight}; y++)`, () => {
          w.block(`for (let x = 0; x < ${outWidth}; x++)`, () => {
            w.line('let s = 0;');
            w.block(`for (let c = 0; c < ${inPer}; c++)`, () => {
              w.line(`const p = src + c * ${inPlane} + y * ${sh * width} + x * ${sw};`);
              w.line(`const q = k + c * ${kh * kw};`);
              w.block(`for (let ky = 0; ky < ${kh}; ky++)`, () => {
                w.block(`for (let kx = 0; kx < ${kw}; kx++)`, () => w.line(`s += w[q + ky * ${kw} + kx] * a[p + ky * ${dh * width} + kx * ${dw}];`));
              });
            });
            w.line(storeWithEpilogue(e, 's', 'o', `$out + (n * ${outChannels} + o) * ${outPlane} + y * ${outWidth} + x`));
          });
        });
      });
    });
    return;
  }

  // direct-4x4 and 1x1-gemm share the blocking; 1x1 walks flattened pixels. A block computes J output
  // channels × P output pixels (J, P ≤ 4) in J·P locals; full blocks are 4 × 4, the edges narrower.
  const pointwise = step.kernel === 'conv2d/1x1-gemm';
  const per = inChannels * kh * kw;
  const pixels = pointwise ? outPlane : outWidth;
  const rows = pointwise ? 1 : outHeight;
  const xStep = pointwise ? 1 : sw;
  const pixelIndex = (x: string) => (pointwise ? x : `y * ${outWidth} + ${x}`);
  const inputRow = pointwise ? `${from} + n * ${inChannels * inPlane}` : `${from} + n * ${inChannels * inPlane} + y * ${sh * width}`;

  const emitBlock = (channels: number, channel: string, pixelCount: number, x: string) => {
    for (let j = 0; j < channels; j++) w.line(`let ${Array.from({ length: pixelCount }, (_, p) => `s${j}${p} = 0`).join(', ')};`);
    w.line(`let q = $w + ${channel} * ${per};`);
    w.block(`for (let c = 0; c < ${inChannels}; c++)`, () => {
      w.line(`const base = row + c * ${inPlane} + ${x} * ${xStep};`);
      // One (input channel, kernel row): load each distinct input offset once — adjacent pixels share
      // taps when the stride is small — and every weight of the row once, then J·P·kw multiply-adds.
      const taps = () => {
        const offsets = [...new Set(Array.from({ length: pixelCount }, (_, p) => Array.from({ length: kw }, (_, kx) => kx * dw + p * xStep)).flat())].sort((l, r) => l - r);
        w.line(offsets.map((o) => `const v${o} = a[p + ${o}];`).join(' '));
        for (let kx = 0; kx < kw; kx++) {
          w.line(Array.from({ length: channels }, (_, j) => `const w${j}_${kx} = w[q + ${kx * channels + j}];`).join(' '));
          for (let j = 0; j < channels; j++) w.line(Array.from({ length: pixelCount }, (_, p) => `s${j}${p} += w${j}_${kx} * v${kx * dw + p * xStep};`).join(' '));
        }
        w.line(`q += ${kw * channels};`);
      };
      if (kh === 1) {
        w.line('const p = base;');
        taps();
      } else {
        w.block(`for (let ky = 0; ky < ${kh}; ky++)`, () => {
          w.line(`const p = base + ky * ${dh * width};`);
          taps();
        });
      }
    });
    for (let j = 0; j < channels; j++) {
      for (let p = 0; p < pixelCount; p++) {
        w.line(storeWithEpilogue(e, `s${j}${p}`, `${channel} + ${j}`, `dst + (${channel} + ${j}) * ${outPlane} + ${pixelIndex(`${x} + ${p}`)}`));
      }
    }
  };

  const fullBlocks = Math.floor(outChannels / 4);
  const channelTail = outChannels - fullBlocks * 4;
  const pixelBlocks = Math.floor(pixels / 4);
  const pixelTail = pixels - pixelBlocks * 4;
  const emitChannels = (channels: number, channel: string) => {
    if (pixelBlocks > 0) w.block(`for (let x = 0; x < ${pixelBlocks * 4}; x += 4)`, () => emitBlock(channels, channel, 4, 'x'));
    if (pixelTail > 0) w.block('', () => emitBlock(channels, channel, pixelTail, String(pixelBlocks * 4)));
  };
  w.loop('n', batch, () => {
    w.line(`const dst = $out + n * ${outChannels * outPlane};`);
    w.loop('y', rows, () => {
      w.line(`const row = ${inputRow};`);
      if (fullBlocks > 0) w.block(`for (let b = 0; b < ${fullBlocks * 4}; b += 4)`, () => emitChannels(4, 'b'));
      if (channelTail > 0) emitChannels(channelTail, String(fullBlocks * 4));
    });
  });
}
