/** Element-wise kernels: standalone activations, batch norm as a per-channel affine, add/mul, copies. */
import type { Step } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { activationExpression } from './epilogue.js';

const size = (shape: number[]) => shape.reduce((a, b) => a * b, 1);

export function emitActivation(step: Extract<Step, { kind: 'activation' }>, w: SourceWriter): void {
  w.block(`for (let i = 0; i < ${size(step.output.shape)}; i++)`, () => {
    w.line('const v = a[$in + i];');
    w.line(`a[$out + i] = ${activationExpression(step.activation, 'v')};`);
  });
}

export function emitBatchNorm2d(step: Extract<Step, { kind: 'batchNorm2d' }>, w: SourceWriter): void {
  const [batch, channels, height, width] = step.input.shape;
  const plane = height * width;
  w.loop('n', batch, () => {
    w.block(`for (let c = 0; c < ${channels}; c++)`, () => {
      w.line('const scale = w[$scale + c], shift = w[$shift + c];');
      w.line(`const base = (n * ${channels} + c) * ${plane};`);
      w.line(`for (let i = 0; i < ${plane}; i++) a[$out + base + i] = a[$in + base + i] * scale + shift;`);
    });
  });
}

export function emitBinary(step: Extract<Step, { kind: 'binary' }>, w: SourceWriter): void {
  const [left, right] = step.inputs;
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
  const symbol = step.op === 'add' ? '+' : '*';
  const apply = (l: string, r: string) => activationExpression(step.activation, `(${l} ${symbol} ${r})`);
  if (left.shape.join() === out.join() && right.shape.join() === out.join()) {
    w.block(`for (let i = 0; i < ${size(out)}; i++)`, () => {
      w.line(`a[$out + i] = ${apply('a[$in0 + i]', 'a[$in1 + i]')};`);
    });
    return;
  }
  // Broadcasting: nested loops over the output with per-axis strides (0 where an input repeats).
  const ls = strides(left.shape);
  const rs = strides(right.shape);
  const vars = out.map((_, d) => `i${d}`);
  const emitLoop = (d: number): void => {
    if (d === rank) {
      const li = vars.map((v, k) => (ls[k] ? `${v} * ${ls[k]}` : '')).filter(Boolean).join(' + ') || '0';
      const ri = vars.map((v, k) => (rs[k] ? `${v} * ${rs[k]}` : '')).filter(Boolean).join(' + ') || '0';
      w.line(`a[$out + o++] = ${apply(`a[$in0 + ${li}]`, `a[$in1 + ${ri}]`)};`);
      return;
    }
    w.block(`for (let ${vars[d]} = 0; ${vars[d]} < ${out[d]}; ${vars[d]}++)`, () => emitLoop(d + 1));
  };
  w.line('let o = 0;');
  emitLoop(0);
}

export function emitCopy(step: Extract<Step, { kind: 'copy' }>, w: SourceWriter): void {
  w.line(`a.copyWithin($out, $in, $in + ${size(step.input.shape)});`);
}
