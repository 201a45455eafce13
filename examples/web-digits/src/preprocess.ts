/**
 * A drawing → LeNet-5's input, the way MNIST's digits were made: the ink's bounding box scaled to fit
 * 20×20 (aspect kept, area-averaged, so edges come out grey), placed in 28×28 with its centre of mass
 * at the centre, then the 2-pixel zero border of the 32×32 input the network was trained on. Grey
 * levels in [0, 1], 1 = ink, as `examples/lenet-mnist/src/digits.ts` feeds the held-out digits.
 *
 * Pure and DOM-free: the worker runs it on the canvas's alpha channel, and the example's test runs
 * it in Node on real MNIST digits drawn large.
 */
export const inputSize = 32;
const digitSize = 28;
const boxSize = 20;
const border = (inputSize - digitSize) / 2;

/**
 * Writes the digit tensor for `ink` (one value per pixel, 0 = empty, 255 = full ink; row-major,
 * `width` × `height`) into `out` (1×1×32×32) and returns it, or returns `undefined` if nothing is drawn.
 */
export function digitTensor(ink: ArrayLike<number>, width: number, height: number, out = new Float32Array(inputSize * inputSize)): Float32Array | undefined {
  if (ink.length !== width * height) throw new Error(`digitTensor: ${ink.length} ink values for a ${width}×${height} image (expected ${width * height})`);
  let left = width;
  let top = height;
  let right = -1;
  let bottom = -1;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      if (ink[y * width + x] === 0) continue;
      if (x < left) left = x;
      if (x > right) right = x;
      if (y < top) top = y;
      if (y > bottom) bottom = y;
    }
  }
  if (right < 0) return undefined;
  const boxWidth = right - left + 1;
  const boxHeight = bottom - top + 1;
  const scale = boxSize / Math.max(boxWidth, boxHeight);
  const scaledWidth = Math.max(1, Math.round(boxWidth * scale));
  const scaledHeight = Math.max(1, Math.round(boxHeight * scale));
  const scaled = resample(ink, width, left, top, boxWidth, boxHeight, scaledWidth, scaledHeight);

  // Centre of mass of the scaled digit, moved to the centre of the 28×28 field.
  let mass = 0;
  let massX = 0;
  let massY = 0;
  for (let y = 0; y < scaledHeight; y++) {
    for (let x = 0; x < scaledWidth; x++) {
      const value = scaled[y * scaledWidth + x];
      mass += value;
      massX += value * (x + 0.5);
      massY += value * (y + 0.5);
    }
  }
  const offsetX = Math.round(digitSize / 2 - massX / mass);
  const offsetY = Math.round(digitSize / 2 - massY / mass);
  out.fill(0);
  for (let y = 0; y < scaledHeight; y++) {
    const fieldY = y + offsetY;
    if (fieldY < 0 || fieldY >= digitSize) continue;
    for (let x = 0; x < scaledWidth; x++) {
      const fieldX = x + offsetX;
      if (fieldX < 0 || fieldX >= digitSize) continue;
      out[(fieldY + border) * inputSize + fieldX + border] = scaled[y * scaledWidth + x];
    }
  }
  return out;
}

/**
 * Area-averaging resample of a box of `ink` to `outWidth` × `outHeight`, values in [0, 1]: each
 * output pixel is the mean of the source area it covers, partial source pixels weighted by overlap.
 */
function resample(ink: ArrayLike<number>, width: number, left: number, top: number, boxWidth: number, boxHeight: number, outWidth: number, outHeight: number): Float32Array {
  const out = new Float32Array(outWidth * outHeight);
  const stepX = boxWidth / outWidth;
  const stepY = boxHeight / outHeight;
  for (let oy = 0; oy < outHeight; oy++) {
    const y0 = oy * stepY;
    const y1 = y0 + stepY;
    for (let ox = 0; ox < outWidth; ox++) {
      const x0 = ox * stepX;
      const x1 = x0 + stepX;
      let sum = 0;
      for (let sy = Math.floor(y0); sy < Math.min(boxHeight, Math.ceil(y1)); sy++) {
        const coverY = Math.min(y1, sy + 1) - Math.max(y0, sy);
        for (let sx = Math.floor(x0); sx < Math.min(boxWidth, Math.ceil(x1)); sx++) {
          const coverX = Math.min(x1, sx + 1) - Math.max(x0, sx);
          sum += coverX * coverY * ink[(top + sy) * width + left + sx];
        }
      }
      out[oy * outWidth + ox] = sum / (stepX * stepY * 255);
    }
  }
  return out;
}

