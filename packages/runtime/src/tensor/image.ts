/** Image bytes to network input: HWC Uint8 pixels (RGB or RGBA) to normalized NCHW float32. */
import { StrideError } from '../errors.js';

export interface ImageToTensorOptions {
  width: number;
  height: number;
  /** Channels in the bytes: 3 (RGB) or 4 (RGBA, alpha dropped). @default 4 — what canvas ImageData holds. */
  channels?: 3 | 4;
  /** Per-channel mean subtracted after scaling, e.g. ImageNet's [0.485, 0.456, 0.406]. @default [0, 0, 0] */
  mean?: readonly [number, number, number];
  /** Per-channel standard deviation divided by after subtracting the mean. @default [1, 1, 1] */
  std?: readonly [number, number, number];
  /** Applied to each byte first. @default 1 / 255 */
  scale?: number;
  /** Write into this array (length 3·height·width) instead of allocating. */
  out?: Float32Array;
}

/**
 * value[c, y, x] = (bytes[(y·width + x)·channels + c] · scale − mean[c]) / std[c], as a 1×3×H×W tensor.
 * @example const image = imageToTensor(imageData.data, { width: 224, height: 224, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225] });
 */
export function imageToTensor(bytes: Uint8Array | Uint8ClampedArray, options: ImageToTensorOptions): Float32Array {
  const { width, height, channels = 4, mean = [0, 0, 0], std = [1, 1, 1], scale = 1 / 255 } = options;
  if (!(bytes instanceof Uint8Array || bytes instanceof Uint8ClampedArray)) {
    throw new StrideError('input', `imageToTensor: expected Uint8Array or Uint8ClampedArray pixels, got ${Object.prototype.toString.call(bytes).slice(8, -1)}`);
  }
  if (!Number.isInteger(width) || !Number.isInteger(height) || width <= 0 || height <= 0) {
    throw new StrideError('input', `imageToTensor: width and height must be positive integers, got ${width}×${height}`);
  }
  if (channels !== 3 && channels !== 4) throw new StrideError('input', `imageToTensor: channels must be 3 (RGB) or 4 (RGBA), got ${String(channels)}`);
  if (bytes.length !== width * height * channels) {
    throw new StrideError('input', `imageToTensor: ${width}×${height} pixels with ${channels} channels need ${width * height * channels} bytes, got ${bytes.length}`);
  }
  if (std.some((s) => s === 0)) throw new StrideError('input', 'imageToTensor: std must not contain 0');
  const plane = width * height;
  const out = options.out ?? new Float32Array(3 * plane);
  if (out.length !== 3 * plane) throw new StrideError('input', `imageToTensor: out must hold ${3 * plane} values, got ${out.length}`);
  for (let c = 0; c < 3; c++) {
    const m = mean[c];
    const s = std[c];
    for (let i = 0; i < plane; i++) out[c * plane + i] = (bytes[i * channels + c] * scale - m) / s;
  }
  return out;
}
