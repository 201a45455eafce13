/**
 * What groupNorm, instanceNorm2d and layerNorm share: in row-major order each normalizes blocks of
 * `length` consecutive elements by their own mean and variance (biased, as PyTorch's), y = (x − mean)
 * / √(var + eps), then applies its affine map. The statistics are two passes in float64.
 */
export function normalizeBlocks(
  input: Float32Array, length: number, eps: number, affine: (position: number, normalized: number) => number,
): Float32Array {
  const out = new Float32Array(input.length);
  for (let start = 0; start < input.length; start += length) {
    let sum = 0;
    for (let i = 0; i < length; i++) sum += input[start + i];
    const mean = sum / length;
    let squares = 0;
    for (let i = 0; i < length; i++) squares += (input[start + i] - mean) ** 2;
    const inverse = 1 / Math.sqrt(squares / length + eps);
    for (let i = 0; i < length; i++) out[start + i] = affine(start + i, (input[start + i] - mean) * inverse);
  }
  return out;
}

/** A per-channel affine map over NCHW positions (`plane` = H·W elements per channel), or the identity without parameters. */
export function channelAffine(params: Record<string, Float32Array>, channels: number, plane: number): (position: number, value: number) => number {
  const { weight, bias } = params;
  if (!weight) return (_, value) => value;
  return (position, value) => {
    const channel = Math.floor(position / plane) % channels;
    return value * weight[channel] + bias[channel];
  };
}
