/**
 * A small U-Net with PyTorch's module names (test/fixtures/generate.py, UNetCrop): unpadded
 * convolutions, so the skip is center-cropped before it is concatenated; bilinear upsampling, a
 * channel swap by chunk, pixel shuffle, replicate padding and a final crop. Batch 2.
 */
import { concat, input, model } from '@stride/dsl';

export const image = input([2, 3, 20, 20], { name: 'image' });
const e1 = image.conv2d({ outChannels: 8, kernelSize: 3, name: 'enc1' }).relu(); // [2, 8, 18, 18]
const e2 = e1.maxPool2d({ kernelSize: 2 }).conv2d({ outChannels: 16, kernelSize: 3, name: 'enc2' }).relu(); // [2, 16, 7, 7]
const skip = e1.slice({ dim: 2, start: 2, end: -2 }).slice({ dim: 3, start: 2, end: -2 }); // [2, 8, 14, 14]
const decoded = concat([e2.upsample({ scaleFactor: 2, mode: 'bilinear' }), skip]).conv2d({ outChannels: 8, kernelSize: 3, padding: 1, paddingMode: 'reflect', name: 'dec' }).relu();
const [a, b] = decoded.chunk(2);
const shuffled = concat([b, a]).conv2d({ outChannels: 12, kernelSize: 1, name: 'expand' }).pixelShuffle(2); // [2, 3, 28, 28]
export const logits = shuffled.pad(1, { mode: 'replicate' }).conv2d({ outChannels: 2, kernelSize: 3, padding: 1, name: 'head' })
  .slice({ dim: 2, start: 1, end: -1 }).slice({ dim: 3, start: 1, end: -1 }); // [2, 2, 28, 28]

export default model({ name: 'unet-crop', inputs: { image }, outputs: { logits } });
