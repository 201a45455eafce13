/**
 * The worker: loads LeNet-5 and classifies drawings, so the page's thread only draws. Drawings come
 * as fast as the page sends them (at most one in flight); each is preprocessed as MNIST was and run.
 */
import { digitTensor } from './preprocess.js';
import type { FromWorker, ToWorker } from './protocol.js';
import { load, type Network } from './targets.js';

const send = (message: FromWorker, transfer: Transferable[] = []) => self.postMessage(message, { transfer });
let network: Network | undefined;
const input = new Float32Array(32 * 32);
let ink = new Uint8ClampedArray(0);

/** Probabilities from logits (as @stride/runtime's softmax, which the page does not import: it is for Node too). */
function softmax(logits: Float32Array): number[] {
  const max = Math.max(...logits);
  const exp = Array.from(logits, (value) => Math.exp(value - max));
  const sum = exp.reduce((a, b) => a + b, 0);
  return exp.map((value) => value / sum);
}

/**
 * Time of one inference on a blank input, in ms: the median over 7 batches of 100 runs, after
 * 300 ms of untimed runs for the engine to compile its optimized code. Batches, because
 * performance.now() in a page that is not cross-origin isolated counts in steps of 0.1 ms, about
 * one inference.
 */
function benchmark(net: Network): number {
  const image = new Float32Array(32 * 32);
  const warm = performance.now();
  while (performance.now() - warm < 300) for (let i = 0; i < 10; i++) net.run({ image });
  const batches: number[] = [];
  for (let batch = 0; batch < 7; batch++) {
    const started = performance.now();
    for (let i = 0; i < 100; i++) net.run({ image });
    batches.push((performance.now() - started) / 100);
  }
  return batches.sort((a, b) => a - b)[3];
}

self.onmessage = async (event: MessageEvent<ToWorker>) => {
  const message = event.data;
  try {
    if (message.type === 'init') {
      const started = performance.now();
      const loaded = await load(message.prefer);
      const loadMs = performance.now() - started;
      network = loaded.network;
      send({ type: 'ready', target: loaded.target, fallback: loaded.fallback, loadMs });
      send({ type: 'benchmark', ms: benchmark(network) });
      return;
    }
    if (!network) throw new Error('classify before init');
    const { rgba, width, height } = message;
    if (ink.length !== width * height) ink = new Uint8ClampedArray(width * height);
    for (let i = 0; i < ink.length; i++) ink[i] = rgba[4 * i + 3];
    const image = digitTensor(ink, width, height, input);
    if (!image) {
      send({ type: 'result', id: message.id, probabilities: null, ms: 0, input: null });
      return;
    }
    const started = performance.now();
    const { logits } = network.run({ image });
    const ms = performance.now() - started;
    const seen = image.slice();
    send({ type: 'result', id: message.id, probabilities: softmax(logits), ms, input: seen }, [seen.buffer]);
  } catch (error) {
    send({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
};
