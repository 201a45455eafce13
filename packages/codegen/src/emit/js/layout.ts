/** Kernels that move values: upsampling, softmax and logSoftmax along an axis, concatenation. */
import { elementCount } from '@stride/dsl';
import { concatInputs } from '../../plan/operands.js';
import type { StepOf } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { upsampleTapsOf, integerNearest } from '../../plan/upsample.js';
import type { JsKernel } from './kernel.js';
import { plus, times } from './expression.js';

/**
 * Upsampling. Nearest by integer factors indexes by division; everything else reads the source taps
 * the compiler computed (`upsampleTapsOf`): `$rows` holds each output row's [i0·W, i1·W, w0, w1] and
 * `$cols` each output column's [i0, i1, w0, w1]. Bilinear takes all four products, as PyTorch does.
 */
export function emitUpsample(step: StepOf<'upsample'>, choice: JsKernel, w: SourceWriter): void {
  const [batch, channels, height, width] = step.reads.input.shape;
  const [, , outHeight, outWidth] = step.output.shape;
  const factors = choice.kernel === 'upsample/nearest' ? integerNearest(step) : undefined;
  w.loop('plane', batch * channels, (plane) => {
    w.line(`const src = ${plus('$in', times(plane, height * width))}, dst = ${plus('$out', times(plane, outHeight * outWidth))};`);
    w.loop('y', outHeight, (y) => {
      if (factors) {
        const [sy, sx] = factors;
        w.line(`const r = ${plus('src', times(typeof y === 'number' ? y : `((${y} / ${sy}) | 0)`, width))};`);
        w.line(`for (let x = 0; x < ${outWidth}; x++) a[${plus('dst', times(y, outWidth), 'x')}] = a[r + ((x / ${sx}) | 0)];`);
      } else if (step.attrs.mode === 'nearest') {
        w.line(`const r = src + $rows[${times(y, 4)}], o = ${plus('dst', times(y, outWidth))};`);
        w.line(`for (let x = 0; x < ${outWidth}; x++) a[o + x] = a[r + $cols[4 * x]];`);
      } else {
        w.line(`const t = ${times(y, 4)}, r0 = src + $rows[t], r1 = src + $rows[t + 1], wy0 = $rows[t + 2], wy1 = $rows[t + 3], o = ${plus('dst', times(y, outWidth))};`);
        w.block(`for (let x = 0; x < ${outWidth}; x++)`, () => {
          w.line('const c0 = $cols[4 * x], c1 = $cols[4 * x + 1], wx0 = $cols[4 * x + 2], wx1 = $cols[4 * x + 3];');
          w.line('a[o + x] = wy0 * (wx0 * a[r0 + c0] + wx1 * a[r0 + c1]) + wy1 * (wx0 * a[r1 + c0] + wx1 * a[r1 + c1]);');
        });
      }
    });
  });
}

/** `$rows` and `$cols` of a tabled upsampling: per output row [i0·W, i1·W, w0, w1], per output column [i0, i1, w0, w1]. */
export function upsampleTables(step: StepOf<'upsample'>): Record<string, number[]> {
  const width = step.reads.input.shape[3];
  const { rows, columns } = upsampleTapsOf(step);
  return {
    rows: rows.flatMap((t) => [t.i0 * width, t.i1 * width, t.w0, t.w1]),
    columns: columns.flatMap((t) => [t.i0, t.i1, t.w0, t.w1]),
  };
}

export function emitSoftmax(step: StepOf<'softmax'>, w: SourceWriter): void {
  emitSoftmaxLines(step, w, (at, length) => [`for (let k = 0; k < ${length}; k++) ${at('$out')} = Math.exp(${at('$in')} - m) / s;`]);
}

/** logSoftmax along `dim`: x − m − log Σ e^(x − m), m the maximum, as the interpreter computes it. */
export function emitLogSoftmax(step: StepOf<'logSoftmax'>, w: SourceWriter): void {
  emitSoftmaxLines(step, w, (at, length) => ['const l = Math.log(s);', `for (let k = 0; k < ${length}; k++) ${at('$out')} = ${at('$in')} - m - l;`]);
}

/** Per line along `dim`: the maximum m and s = Σ e^(x − m), then `last`'s lines write the outputs. */
function emitSoftmaxLines(step: StepOf<'softmax'> | StepOf<'logSoftmax'>, w: SourceWriter, last: (at: (slot: string) => string, length: number) => string[]): void {
  const shape = step.reads.input.shape;
  const dim = step.attrs.dim;
  const length = shape[dim];
  const inner = elementCount(shape.slice(dim + 1));
  const outer = elementCount(shape.slice(0, dim));
  w.loop('o', outer, (o) => {
    w.loop('i', inner, (i) => {
      w.line(`const base = ${plus(times(o, length * inner), i)};`);
      const at = (slot: string) => `a[${plus(slot, 'base', times('k', inner))}]`;
      w.line('let m = -Infinity, s = 0;');
      w.line(`for (let k = 0; k < ${length}; k++) m = Math.max(m, ${at('$in')});`);
      w.line(`for (let k = 0; k < ${length}; k++) s += Math.exp(${at('$in')} - m);`);
      for (const line of last(at, length)) w.line(line);
    });
  });
}

export function emitConcat(step: StepOf<'concat'>, w: SourceWriter): void {
  const dim = step.attrs.dim;
  const inputs = concatInputs(step);
  const outer = elementCount(step.output.shape.slice(0, dim));
  const slabs = inputs.map((v) => elementCount(v.shape.slice(dim)));
  const total = slabs.reduce((a, b) => a + b, 0);
  w.loop('o', outer, (o) => {
    let position = 0;
    inputs.forEach((_, k) => {
      const from = plus(`$in${k}`, times(o, slabs[k]));
      w.line(`a.copyWithin(${plus('$out', times(o, total), position)}, ${from}, ${plus(from, slabs[k])});`);
      position += slabs[k];
    });
  });
}
