/**
 * convTranspose2d by phase decomposition. Output pixel Y receives input row iy through tap ky when
 * Y = iy·s − p + ky·d, so iy = (Y + p − ky·d)/s must be a whole number: which taps reach Y depends
 * only on the phase r = (Y + p) mod s. Within one phase, output rows Y = s·q + r − p read input rows
 * iy = q − t with t = (ky·d − r)/s fixed per tap — a dense correlation of the input with the phase's
 * taps, no zeros inserted and no tap skipped at run time. The same holds along x, so each of the
 * s_h × s_w phases is a small direct convolution.
 *
 * The input is first copied into a zero-bordered span (`$pad`) tall and wide enough that every
 * phase's taps read inside it, so no kernel checks bounds. Each phase then runs the direct kernel's
 * blocking: 4 output channels × 4 output pixels of that phase in 16 locals, every tap unrolled, the
 * weights packed [group][phase][channel block][input channel][tap][4] so each step reads 4 adjacent.
 * A U-Net's 2×2 stride-2 upsampling has one tap per phase: four 1×1 GEMMs.
 *
 * The border's zeros are multiplied by weights like any input; a non-finite weight would turn them
 * into NaN where PyTorch's scatter never reads them, so a layer with such weights gets `gather`
 * instead: each output visits its taps and skips those that fall between input pixels.
 */
import { elementCount } from '@stride/dsl';
import type { StepOf } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { epilogueOf, storeWithEpilogue } from './epilogue.js';
import { plus, times, type Index } from './expression.js';
import { arena, type JsKernel } from './kernel.js';
import type { PackedWeight } from './registry.js';

type Step = StepOf<'convTranspose2d'>;

/** One axis's phases: which taps reach the outputs of each phase, and where those outputs and inputs are. */
interface Phase {
  /** r = (Y + padding) mod stride. */
  residue: number;
  /** The phase's first output position and how many there are (every stride-th). */
  first: number;
  count: number;
  /** Its taps: the kernel index k and the input offset t (input = q − t, q = (Y + padding − r)/stride). */
  taps: { k: number; t: number }[];
  /** q of the phase's first output. */
  q0: number;
}

function phasesOf(outSize: number, kernel: number, stride: number, padding: number, dilation: number): Phase[] {
  return Array.from({ length: stride }, (_, residue) => {
    const first = (((residue - padding) % stride) + stride) % stride;
    const count = first < outSize ? Math.ceil((outSize - first) / stride) : 0;
    const taps = Array.from({ length: kernel }, (_, k) => k).filter((k) => (((k * dilation - residue) % stride) + stride) % stride === 0).map((k) => ({ k, t: (k * dilation - residue) / stride }));
    return { residue, first, count, taps, q0: (first + padding - residue) / stride };
  });
}

/** Both axes' phases and the zero border that keeps every tap's read inside the padded input. */
function geometry(step: Step) {
  const [, , height, width] = step.reads.input.shape;
  const [, , outHeight, outWidth] = step.output.shape;
  const { kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw] } = step.attrs;
  const rows = phasesOf(outHeight, kh, sh, ph, dh);
  const columns = phasesOf(outWidth, kw, sw, pw, dw);
  // The input index a phase reads ranges over q0 − t … q0 + count − 1 − t: border what falls outside.
  const border = (phases: Phase[], size: number) => {
    let before = 0;
    let after = 0;
    for (const phase of phases) {
      if (phase.count === 0) continue;
      for (const { t } of phase.taps) {
        before = Math.max(before, t - phase.q0);
        after = Math.max(after, phase.q0 + phase.count - 1 - t - (size - 1));
      }
    }
    return { before, after };
  };
  const top = border(rows, height);
  const left = border(columns, width);
  return { rows, columns, top: top.before, bottom: top.after, left: left.before, right: left.after };
}

export function chooseConvTranspose2d(step: Step, weight: Float32Array): JsKernel {
  if (!weight.every(Number.isFinite)) return { kernel: 'convTranspose2d/gather', temporaries: {} };
  const { top, bottom, left, right } = geometry(step);
  const [n, c, h, w] = step.reads.input.shape;
  const padded = [n, c, h + top + bottom, w + left + right];
  return { kernel: 'convTranspose2d/phases', padded, temporaries: { padded: { bytes: 4 * elementCount(padded), pool: arena } } };
}

/** PyTorch's [in, out/groups, kh, kw] → [group][row phase][column phase][block of 4 output channels][input channel][tap][j]. */
export function packConvTranspose2d(step: Step, choice: JsKernel, slot: string, raw: Float32Array): PackedWeight {
  if (slot !== 'weight' || choice.kernel === 'convTranspose2d/gather') return { stored: raw, runtimeLength: raw.length };
  const { inChannels, outChannels, groups, kernelSize: [kh, kw] } = step.attrs;
  const { rows, columns } = geometry(step);
  const inPer = inChannels / groups;
  const outPer = outChannels / groups;
  const packed = new Float32Array(raw.length);
  let position = 0;
  for (let g = 0; g < groups; g++) {
    for (const row of rows) {
      for (const column of columns) {
        for (let start = 0; start < outPer; start += 4) {
          const width = Math.min(4, outPer - start);
          for (let c = 0; c < inPer; c++) {
            for (const { k: ky } of row.taps) {
              for (const { k: kx } of column.taps) {
                for (let j = 0; j < width; j++) packed[position++] = raw[(((g * inPer + c) * outPer + start + j) * kh + ky) * kw + kx];
              }
            }
          }
        }
      }
    }
  }
  return { stored: packed, runtimeLength: raw.length };
}

export function emitConvTranspose2d(step: Step, choice: JsKernel, w: SourceWriter): void {
  if (choice.kernel === 'convTranspose2d/gather') return emitGather(step, w);
  const [batch, inChannels, height, width] = step.reads.input.shape;
  const [, outChannels, outHeight, outWidth] = step.output.shape;
  const { groups, kernelSize: [kh, kw] } = step.attrs;
  const { rows, columns, top, left } = geometry(step);
  const [, , hp, wp] = choice.padded!;
  const inPer = inChannels / groups;
  const outPer = outChannels / groups;
  const outPlane = outHeight * outWidth;
  const e = epilogueOf(step);

  w.comment(`zero border: [${batch}, ${inChannels}, ${height}, ${width}] → [${batch}, ${inChannels}, ${hp}, ${wp}], every phase's taps read inside`);
  w.line(`a.fill(0, $pad, ${plus('$pad', batch * inChannels * hp * wp)});`);
  w.loop('plane', batch * inChannels, (plane) => {
    w.line(`const src = ${plus('$in', times(plane, height * width))}, dst = ${plus('$pad', times(plane, hp * wp), top * wp + left)};`);
    w.line(`for (let y = 0; y < ${height}; y++) a.copyWithin(dst + y * ${wp}, src + y * ${width}, src + y * ${width} + ${width});`);
  });

  w.loop('n', batch, (n) => {
    w.loop('g', groups, (g) => {
      const source = plus('$pad', times(plus(times(n, inChannels), times(g, inPer)), hp * wp));
      const outputs = plus('$out', times(plus(times(n, outChannels), times(g, outPer)), outPlane));
      let phaseBase = 0;
      for (const row of rows) {
        for (const column of columns) {
          const taps = row.taps.length * column.taps.length;
          const weights = plus('$w', times(g, inPer * outPer * kh * kw), phaseBase);
          phaseBase += inPer * outPer * taps;
          if (row.count === 0 || column.count === 0) continue;
          w.comment(`phase (${row.residue}, ${column.residue}): output rows ${row.first}, ${row.first + step.attrs.stride[0]}, … and columns ${column.first}, ${column.first + step.attrs.stride[1]}, …; ${taps} tap${taps === 1 ? '' : 's'}`);
          w.block('', () => emitPhase(row, column, taps, source, outputs, weights, g));
        }
      }
    });
  });

  function emitPhase(row: Phase, column: Phase, taps: number, source: string, outputs: string, weights: string, g: Index): void {
    // Input offset of each tap within the padded plane, relative to the phase's output (q, p).
    const tapOffsets = row.taps.flatMap(({ t: ty }) => column.taps.map(({ t: tx }) => (top - ty) * wp + (left - tx)));
    const [sh, sw] = step.attrs.stride;
    /** The local holding the input at `offset` from the block's base (offsets below it read `vm…`). */
    const input = (offset: number) => (offset < 0 ? `vm${-offset}` : `v${offset}`);
    const block = (channels: number, channel: Index, pixels: number, x: Index, y: Index) => {
      for (let j = 0; j < channels; j++) w.line(`let ${Array.from({ length: pixels }, (_, p) => `s${j}${p} = 0`).join(', ')};`);
      if (taps > 0) {
        w.line(`let q = ${plus(weights, times(channel, inPer * taps))};`);
        w.block(`for (let c = 0; c < ${inPer}; c++)`, () => {
          w.line(`const base = ${plus(source, times('c', hp * wp), times(plus(y, row.q0), wp), column.q0, x)};`);
          const offsets = [...new Set(tapOffsets.flatMap((o) => Array.from({ length: pixels }, (_, p) => o + p)))].sort((l, r) => l - r);
          w.line(offsets.map((o) => `const ${input(o)} = a[${plus('base', o)}];`).join(' '));
          tapOffsets.forEach((offset, k) => {
            w.line(Array.from({ length: channels }, (_, j) => `const w${j}_${k} = w[${plus('q', k * channels + j)}];`).join(' '));
            for (let j = 0; j < channels; j++) w.line(Array.from({ length: pixels }, (_, p) => `s${j}${p} += w${j}_${k} * ${input(offset + p)};`).join(' '));
          });
          w.line(`q += ${taps * channels};`);
        });
      }
      for (let j = 0; j < channels; j++) {
        for (let p = 0; p < pixels; p++) {
          const index = plus(outputs, times(plus(channel, j), outPlane), times(plus(times(y, sh), row.first), outWidth), times(plus(x, p), sw), column.first);
          w.line(storeWithEpilogue(e, `s${j}${p}`, plus(times(g, outPer), channel, j), index));
        }
      }
    };
    const fullChannels = Math.floor(outPer / 4) * 4;
    const fullPixels = Math.floor(column.count / 4) * 4;
    const overPixels = (channels: number, channel: Index, y: Index) => {
      if (fullPixels > 4) w.block(`for (let x = 0; x < ${fullPixels}; x += 4)`, () => block(channels, channel, 4, 'x', y));
      else if (fullPixels === 4) w.block('', () => block(channels, channel, 4, 0, y));
      if (column.count > fullPixels) w.block('', () => block(channels, channel, column.count - fullPixels, fullPixels, y));
    };
    const overChannels = (y: Index) => {
      if (fullChannels > 4) w.block(`for (let b = 0; b < ${fullChannels}; b += 4)`, () => overPixels(4, 'b', y));
      else if (fullChannels === 4) overPixels(4, 0, y);
      if (outPer > fullChannels) overPixels(outPer - fullChannels, fullChannels, y);
    };
    w.loop('y', row.count, (y) => overChannels(y));
  }
}

/** Each output pixel gathers the input pixels whose scattered windows cover it (PyTorch's weights layout). */
function emitGather(step: Step, w: SourceWriter): void {
  const [batch, inChannels, height, width] = step.reads.input.shape;
  const [, outChannels, outHeight, outWidth] = step.output.shape;
  const { kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], groups } = step.attrs;
  const inPer = inChannels / groups;
  const outPer = outChannels / groups;
  const e = epilogueOf(step);
  w.loop('n', batch, (n) => {
    w.block(`for (let o = 0; o < ${outChannels}; o++)`, () => {
      w.line(`const g = (o / ${outPer}) | 0, og = o - g * ${outPer};`);
      w.block(`for (let y = 0; y < ${outHeight}; y++)`, () => {
        w.block(`for (let x = 0; x < ${outWidth}; x++)`, () => {
          w.line('let s = 0;');
          w.block(`for (let ky = 0; ky < ${kh}; ky++)`, () => {
            w.line(`const ty = y + ${ph} - ky * ${dh};`);
            w.line(`if (ty < 0 || ty % ${sh} !== 0) continue;`);
            w.line(`const iy = ty / ${sh};`);
            w.line(`if (iy >= ${height}) continue;`);
            w.block(`for (let kx = 0; kx < ${kw}; kx++)`, () => {
              w.line(`const tx = x + ${pw} - kx * ${dw};`);
              w.line(`if (tx < 0 || tx % ${sw} !== 0) continue;`);
              w.line(`const ix = tx / ${sw};`);
              w.line(`if (ix >= ${width}) continue;`);
              w.block(`for (let c = 0; c < ${inPer}; c++)`, () => {
                w.line(`const ci = g * ${inPer} + c;`);
                w.line(`s += w[$w + ((ci * ${outPer} + og) * ${kh} + ky) * ${kw} + kx] * a[${plus('$in', times(plus(times(n, inChannels), 'ci'), height * width))} + iy * ${width} + ix];`);
              });
            });
          });
          w.line(storeWithEpilogue(e, 's', 'o', plus('$out', times(plus(times(n, outChannels), 'o'), outHeight * outWidth), times('y', outWidth), 'x')));
        });
      });
    });
  });
}
