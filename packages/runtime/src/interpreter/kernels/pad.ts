import { elementCount, type PadMode } from '@stride/dsl';
import type { Kernel } from './types.js';

/**
 * Where output index `i` of a padded dimension of `size` reads, `before` being that side's padding:
 * −1 for the constant fill. PyTorch's modes: reflect mirrors about the edge element (…2 1 | 0 1 2 … n−1 |
 * n−2 n−3…), replicate repeats it, circular wraps around.
 */
export function padSource(mode: PadMode, i: number, before: number, size: number): number {
  const at = i - before;
  if (at >= 0 && at < size) return at;
  switch (mode) {
    case 'constant': return -1;
    case 'reflect': return at < 0 ? -at : 2 * (size - 1) - at;
    case 'replicate': return at < 0 ? 0 : size - 1;
    case 'circular': return ((at % size) + size) % size;
  }
}

/** F.pad of the last two dimensions (a rank-1 input has one row): every output element read from its source, or the fill. */
export const pad: Kernel<'pad'> = ({ node, inputs: [input], inShapes: [shape], outShape }) => {
  const { mode, value, padding: { top, left } } = node.attrs;
  const width = shape[shape.length - 1];
  const height = shape.length >= 2 ? shape[shape.length - 2] : 1;
  const outWidth = outShape[outShape.length - 1];
  const outHeight = shape.length >= 2 ? outShape[outShape.length - 2] : 1;
  const planes = elementCount(shape) / (height * width);
  const out = new Float32Array(elementCount(outShape));
  for (let plane = 0; plane < planes; plane++) {
    for (let y = 0; y < outHeight; y++) {
      const sy = padSource(mode, y, top, height);
      for (let x = 0; x < outWidth; x++) {
        const sx = padSource(mode, x, left, width);
        out[(plane * outHeight + y) * outWidth + x] = sy < 0 || sx < 0 ? value : input[(plane * height + sy) * width + sx];
      }
    }
  }
  return out;
};
