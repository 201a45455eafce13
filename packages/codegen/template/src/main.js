// Runs the bundle that `npm run build` wrote to dist/net: one 32×32 image in, ten class scores out.
// The bundle is a plain ES module with no dependencies; @stride/runtime only helps read the result.
import { softmax, topK } from '@stride/runtime';
import { create } from '../dist/net/index.js';

const net = await create();

// A stand-in image, 1×1×32×32 in NCHW order: a bright diagonal stroke on black.
const image = new Float32Array(32 * 32);
for (let y = 4; y < 28; y++) for (let x = 0; x < 32; x++) image[y * 32 + x] = Math.max(0, 1 - Math.abs(x - (24 - y / 2)) / 2);

const { logits } = net.run({ image });
const ranked = topK(softmax(logits), 3, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
console.log(`prediction: ${ranked[0].label} (${(ranked[0].value * 100).toFixed(1)} %)`);
console.log(`runners-up: ${ranked.slice(1).map((r) => `${r.label} (${(r.value * 100).toFixed(1)} %)`).join(', ')}`);
console.log('(seeded random weights: train the network in PyTorch, save its state_dict as safetensors and build with --weights)');
