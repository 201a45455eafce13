/** Every engine the harness can run, listed explicitly. */
import type { Engine, EngineName } from '../engine';
import { ortNode, ortWeb } from './ort';
import { strideInterp } from './stride-interp';
import { strideJs } from './stride-js';
import { tfjsCpu, tfjsWasm } from './tfjs';

export const engines: Record<EngineName, Engine> = {
  'stride-js': strideJs,
  'stride-interp': strideInterp,
  'tfjs-cpu': tfjsCpu,
  'tfjs-wasm': tfjsWasm,
  'ort-web': ortWeb,
  'ort-node': ortNode,
};
