import type { Converter } from '../context.js';
import { reshapeTarget } from './reshape.js';

/** flatten(startDim, endDim) → Reshape (ONNX's Flatten always yields 2-D, PyTorch's need not). */
export const flatten: Converter<'flatten'> = (ctx) => ctx.result('Reshape', [ctx.inputs[0], ctx.int64s('shape', reshapeTarget(ctx))]);
