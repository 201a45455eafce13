import { elementCount } from '@stride/dsl';

/**
 * Element-wise `combine(a, b)` with NumPy broadcasting: shapes aligned from the right, a dimension of
 * size 1 repeats. Shared by the add and mul kernels.
 */
export function broadcast(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], outShape: number[], combine: (x: number, y: number) => number): Float32Array {
  const rank = outShape.length;
  const stridesFor = (shape: number[]) => {
    const padded = [...Array(rank - shape.length).fill(1), ...shape];
    const strides = new Array<number>(rank);
    let stride = 1;
    for (let d = rank - 1; d >= 0; d--) {
      strides[d] = padded[d] === 1 ? 0 : stride;
      stride *= padded[d];
    }
    return strides;
  };
  const aStrides = stridesFor(aShape);
  const bStrides = stridesFor(bShape);
  const out = new Float32Array(elementCount(outShape));
  const index = new Array<number>(rank).fill(0);
  for (let i = 0; i < out.length; i++) {
    let ai = 0;
    let bi = 0;
    for (let d = 0; d < rank; d++) {
      ai += index[d] * aStrides[d];
      bi += index[d] * bStrides[d];
    }
    out[i] = combine(a[ai], b[bi]);
    for (let d = rank - 1; d >= 0; d--) {
      if (++index[d] < outShape[d]) break;
      index[d] = 0;
    }
  }
  return out;
}
