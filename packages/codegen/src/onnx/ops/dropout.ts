import type { Converter } from '../context.js';

/** dropout is the identity at inference: no ONNX node, the node's value is its input's. */
export const dropout: Converter<'dropout'> = (ctx) => ctx.inputs[0];
