/** Element-wise kernels: standalone activations, batch norm as a per-channel affine map, add/mul/sub/div, copies. */
import { elementCount } from '@stride/dsl';
import type { StepOf } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { activationExpression } from './epilogue.js';
import { plus, times } from './expression.js';

export function emitActivation(step: StepOf<'activation'>, w: SourceWriter): void {
  w.block(`for (let i = 0; i < ${elementCount(step.output.shape)}; i++)`, () => {
    w.line('const v = a[$in + i];');
    w.line(`a[$out + i] = ${activationExpression(step.activation, 'v')};`);
  });
}

export function emitBatchNorm2d(step: StepOf<'batchNorm2d'>, w: SourceWriter): void {
  const [batch, channels, height, width] = step.reads.input.shape;
  const plane = height * width;
  w.loop('n', batch, (n) => {
    w.block(`for (let c = 0; c < ${channels}; c++)`, () => {
      w.line('const scale = w[$scale + c], shift = w[$shift + c];');
      w.line(`const base = ${plus(times(n, channels * plane), times('c', plane))};`);
      // A fused activation (fusion.ts) takes the affine value rounded to float32, as the unfused step stored it.
      const value = 'a[$in + base + i] * scale + shift';
      if (step.activation) w.line(`for (let i = 0; i < ${plane}; i++) { const v = Math.fround(${value}); a[$out + base + i] = ${activationExpression(step.activation, 'v')}; }`);
      else w.line(`for (let i = 0; i < ${plane}; i++) a[$out + base + i] = ${value};`);
    });
  });
}

export function emitBinary(step: StepOf<'binary'>, w: SourceWriter): void {
  const { in0: left, in1: right } = step.reads;
  const out = step.output.shape;
  const rank = out.length;
  const strides = (shape: number[]) => {
    const padded = [...Array(rank - shape.length).fill(1), ...shape];
    const result: number[] = [];
    let stride = 1;
    for (let d = rank - 1; d >= 0; d--) {
      result[d] = padded[d] === 1 ? 0 : stride;
      stride *= padded[d];
    }
    return result;
  };
  const symbol = ({ add: '+', mul: '*', sub: '-', div: '/' } as const)[step.attrs.op];
  const apply = (l: string, r: string) => activationExpression(step.activation, `(${l} ${symbol} ${r})`);
  if (left.shape.join() === out.join() && right.shape.join() === out.join()) {
    w.block(`for (let i = 0; i < ${elementCount(out)}; i++)`, () => {
      w.line(`a[$out + i] = ${apply('a[$in0 + i]', 'a[$in1 + i]')};`);
    });
    return;
  }
  // Broadcasting: nested loops over the output with per-axis strides (0 where an input repeats).
  const ls = strides(left.shape);
  const rs = strides(right.shape);
  const emitLoop = (d: number, indices: (string | number)[]): void => {
    if (d === rank) {
      const li = plus('$in0', ...indices.map((v, k) => times(v, ls[k])));
      const ri = plus('$in1', ...indices.map((v, k) => times(v, rs[k])));
      w.line(`a[$out + o++] = ${apply(`a[${li}]`, `a[${ri}]`)};`);
      return;
    }
    w.loop(`i${d}`, out[d], (index) => emitLoop(d + 1, [...indices, index]));
  };
  w.line('let o = 0;');
  emitLoop(0, []);
}

export function emitCopy(step: StepOf<'copy'>, w: SourceWriter): void {
  w.line(`a.copyWithin($out, $in, $in + ${elementCount(step.reads.input.shape)});`);
}

/** reshape is a view in this target (`view: true`): the memory plan gives it its input's storage, no code runs. */
export function emitReshape(): void {}
