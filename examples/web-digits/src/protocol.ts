/** The messages between the page and the worker that runs LeNet-5. */
import type { TargetName } from './targets.js';

export type ToWorker =
  /** Load the network: `auto` tries wasm, then js. */
  | { type: 'init'; prefer: TargetName | 'auto' }
  /** Classify a drawing: the canvas's pixels (RGBA, row-major); its alpha channel is the ink. */
  | { type: 'classify'; id: number; rgba: Uint8ClampedArray; width: number; height: number };

export type FromWorker =
  | {
      type: 'ready';
      target: TargetName;
      /** Why the wasm target is not the one in use, when it is not. */
      fallback?: string;
      /** create(): fetching and preparing the weights, in ms. */
      loadMs: number;
    }
  /** Right after `ready`: one inference's time, the median over batches of runs, in ms. */
  | { type: 'benchmark'; ms: number }
  | {
      type: 'result';
      id: number;
      /** The ten probabilities, or none for an empty drawing. */
      probabilities: number[] | null;
      /** This inference, in ms (performance.now(), so in steps of its resolution). */
      ms: number;
      /** The 32×32 input the network saw, for the preview. */
      input: Float32Array | null;
    }
  | { type: 'error'; message: string };
