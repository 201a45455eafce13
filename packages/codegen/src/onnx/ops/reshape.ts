import type { Dim } from '@stride/dsl';
import type { ConvertContext, Converter } from '../context.js';

/** reshape → Reshape to the node's own output shape. */
export const reshape: Converter<'reshape'> = (ctx) => ctx.result('Reshape', [ctx.inputs[0], ctx.int64s('shape', reshapeTarget(ctx))]);

/**
 * The Reshape target for a node's output shape. Known sizes are written as they are; a symbolic size in
 * the same position as the input's is 0 (ONNX: copy that input dimension); one other symbolic size
 * may remain, written −1 (ONNX: infer from the element count).
 */
export function reshapeTarget(ctx: ConvertContext): number[] {
  const input = ctx.inShapes[0];
  let inferred = 0;
  return ctx.node.shape.map((dim: Dim, i: number) => {
    if (typeof dim === 'number') return dim;
    if (input[i] === dim) return 0;
    if (++inferred > 1) ctx.unsupported(`output shape [${ctx.node.shape.join(', ')}] has more than one symbolic size that is not carried over from the input [${input.join(', ')}]`);
    return -1;
  });
}
