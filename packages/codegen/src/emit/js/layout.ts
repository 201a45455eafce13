/** Kernels that move values: nearest upsampling, softmax along an axis, concatenation. */
import { elementCount } from '@stride/dsl';
import { concatInputs } from '../../plan/operands.js';
import type { StepOf } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { plus, times } from './expression.js';

export function emitUpsample(step: StepOf<'upsample'>, w: SourceWriter): void {
  const [batch, channels, height, width] = step.reads.input.shape;
  const [, , outHeight, outWidth] = step.output.shape;
  const [sy, sx] = step.attrs.scaleFactor;
  w.loop('plane', batch * channels, (plane) => {
    w.line(`const src = ${plus('$in', times(plane, height * width))}, dst = ${plus('$out', times(plane, outHeight * outWidth))};`);
    w.loop('y', outHeight, (y) => {
      w.line(`const r = ${plus('src', times(typeof y === 'number' ? y : `((${y} / ${sy}) | 0)`, width))};`);
      w.line(`for (let x = 0; x < ${outWidth}; x++) a[${plus('dst', times(y, outWidth), 'x')}] = a[r + ((x / ${sx}) | 0)];`);
    });
  });
}

export function emitSoftmax(step: StepOf<'softmax'>, w: SourceWriter): void {
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
      w.line(`for (let k = 0; k < ${length}; k++) ${at('$out')} = Math.exp(${at('$in')} - m) / s;`);
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
