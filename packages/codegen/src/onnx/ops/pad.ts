import { int, str, type Converter } from '../context.js';

/**
 * pad → Pad (opset 17) for 'constant' (with its value), 'reflect', and 'replicate' (ONNX's 'edge'), as
 * torch exports them; 'circular', which Pad only has from opset 19 ('wrap'), as torch exports it too:
 * each padded axis the concatenation of its last `before` elements, itself and its first `after`.
 */
export const pad: Converter<'pad'> = (ctx) => {
  const { mode, value, padding: { top, bottom, left, right } } = ctx.node.attrs;
  const rank = ctx.inShapes[0].length;
  if (mode === 'circular') {
    let x = ctx.inputs[0];
    const sides: [number, number, number][] = [[rank - 1, left, right], ...(rank >= 2 && top + bottom > 0 ? [[rank - 2, top, bottom] as [number, number, number]] : [])];
    sides.forEach(([axis, before, after], k) => {
      const dim = ctx.inShapes[0][axis];
      const size = typeof dim === 'number' ? dim : ctx.unsupported(`cannot pad symbolic dimension '${dim}' circularly`);
      const part = (label: string, start: number, end: number) =>
        ctx.op('Slice', [x, ctx.int64s(`${label}_start`, [start]), ctx.int64s(`${label}_end`, [end]), ctx.int64s(`${label}_axis`, [axis])]);
      const pieces = [...(before > 0 ? [part(`wrap${axis}_before`, size - before, size)] : []), x, ...(after > 0 ? [part(`wrap${axis}_after`, 0, after)] : [])];
      x = k === sides.length - 1 ? ctx.result('Concat', pieces, { axis: int(axis) }) : ctx.op('Concat', pieces, { axis: int(axis) });
    });
    return x;
  }
  const begins = Array(rank).fill(0);
  const ends = Array(rank).fill(0);
  begins[rank - 1] = left;
  ends[rank - 1] = right;
  if (rank >= 2) {
    begins[rank - 2] = top;
    ends[rank - 2] = bottom;
  }
  const pads = ctx.int64s('pads', [...begins, ...ends]);
  if (mode === 'constant') return ctx.result('Pad', [ctx.inputs[0], pads, ctx.floats('value', [value])], { mode: str('constant') });
  return ctx.result('Pad', [ctx.inputs[0], pads], { mode: str(mode === 'replicate' ? 'edge' : 'reflect') });
};
