/** Every engine the harness can run, listed explicitly. */
import type { Engine, EngineName } from '../engine.js';
import { ortNode, ortWeb } from './ort.js';
import { strideInterp } from './stride-interp.js';
import { strideJs } from './stride-js.js';
import { strideWasm } from './stride-wasm.js';
import { tfjsCpu, tfjsWasm } from './tfjs.js';

export const engines: Record<EngineName, Engine> = {
  'stride-wasm': strideWasm,
  'stride-js': strideJs,
  'stride-interp': strideInterp,
  'tfjs-cpu': tfjsCpu,
  'tfjs-wasm': tfjsWasm,
  'ort-web': ortWeb,
  'ort-node': ortNode,
};
