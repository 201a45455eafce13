import { elementCount } from '@stride/dsl';

/**
 * Adaptive pooling's output: cell (y, x) of each plane reduces the input rows ⌊y·in/out⌋ …
 * ⌈(y+1)·in/out⌉ − 1 and the columns likewise (PyTorch's bins). `reduce` gets the input, the plane's
 * first element and the bin's [y0, y1) × [x0, x1), and returns the cell's value.
 */
export function adaptiveBins(
  input: Float32Array, [batch, channels, height, width]: readonly number[], outShape: readonly number[],
  reduce: (input: Float32Array, plane: number, y0: number, y1: number, x0: number, x1: number) => number,
): Float32Array {
  const [, , outHeight, outWidth] = outShape;
  const out = new Float32Array(elementCount(outShape));
  for (let plane = 0; plane < batch * channels; plane++) {
    for (let y = 0; y < outHeight; y++) {
      const y0 = Math.floor((y * height) / outHeight);
      const y1 = Math.ceil(((y + 1) * height) / outHeight);
      for (let x = 0; x < outWidth; x++) {
        const x0 = Math.floor((x * width) / outWidth);
        const x1 = Math.ceil(((x + 1) * width) / outWidth);
        out[(plane * outHeight + y) * outWidth + x] = reduce(input, plane * height * width, y0, y1, x0, x1);
      }
    }
  }
  return out;
}
