/** Kernels that move values: nearest upsampling, softmax along an axis, concatenation. */
import type { Step } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { inputSlot } from './slots.js';

export function emitUpsample(step: Extract<Step, { kind: 'upsample' }>, w: SourceWriter): void {
  const [batch, channels, height, width] = step.input.shape;
  const [, , outHeight, outWidth] = step.output.shape;
  const [sy, sx] = step.attrs.scaleFactor;
  w.loop('plane', batch * channels, () => {
    w.line(`const src = $in + plane * ${height * width}, dst = $out + plane * ${outHeight * outWidth};`);
    w.block(`for (let y = 0; y < ${outHeight}; y++)`, () => {
      w.line(`const r = src + ((y / ${sy}) | 0) * ${width};`);
      w.line(`for (let x = 0; x < ${outWidth}; x++) a[dst + y * ${outWidth} + x] = a[r + ((x / ${sx}) | 0)];`);
    });
  });
}

export function emitSoftmax(step: Extract<Step, { kind: 'softmax' }>, w: SourceWriter): void {
  const shape = step.input.shape;
  const dim = step.attrs.dim;
  const length = shape[dim];
  const inner = shape.slice(dim + 1).reduce((a, b) => a * b, 1);
  const outer = shape.slice(0, dim).reduce((a, b) => a * b, 1);
  w.block(`for (let o = 0; o < ${outer}; o++)`, () => {
    w.block(`for (let i = 0; i < ${inner}; i++)`, () => {
      w.line(`const base = o * ${length * inner} + i;`);
      w.line('let m = -Infinity, s = 0;');
      w.line(`for (let k = 0; k < ${length}; k++) m = Math.max(m, a[$in + base + k * ${inner}]);`);
      w.line(`for (let k = 0; k < ${length}; k++) s += Math.exp(a[$in + base + k * ${inner}] - m);`);
      w.line(`for (let k = 0; k < ${length}; k++) a[$out + base + k * ${inner}] = Math.exp(a[$in + base + k * ${inner}] - m) / s;`);
    });
  });
}

export function emitConcat(step: Extract<Step, { kind: 'concat' }>, w: SourceWriter): void {
  const dim = step.attrs.dim;
  const outer = step.output.shape.slice(0, dim).reduce((a, b) => a * b, 1);
  const slabs = step.inputs.map((v) => v.shape.slice(dim).reduce((a, b) => a * b, 1));
  const total = slabs.reduce((a, b) => a + b, 0);
  w.block(`for (let o = 0; o < ${outer}; o++)`, () => {
    let position = 0;
    step.inputs.forEach((_, k) => {
      w.line(`a.copyWithin($out + o * ${total} + ${position}, ${inputSlot(k)} + o * ${slabs[k]}, ${inputSlot(k)} + (o + 1) * ${slabs[k]});`);
      position += slabs[k];
    });
  });
}
