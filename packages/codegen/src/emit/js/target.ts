/**
 * The JavaScript target: plain JavaScript kernels over a Float32Array arena, for every engine and
 * every Content-Security-Policy that allows scripts (no eval, no WebAssembly). Values are NCHW in the
 * arena, 4 bytes per element; Winograd-rows kernels keep a float64 scratch beside it.
 */
import { elementCount } from '@stride/dsl';
import { literal, SourceWriter, userText } from '../writer.js';
import type { Target, TargetArtifact } from '../../target.js';
import { arena, doubles, type JsKernel } from './kernel.js';
import { emitModule, runtimeWeightBytes } from './module.js';
import { kernels, type KernelKind } from './registry.js';
import { packWeights } from './weights.js';

export const jsTarget: Target<JsKernel> = {
  name: 'js',

  plan({ program, weightData }) {
    const choices = program.steps.map((step) => {
      const kind = kernels[step.kind] as KernelKind<typeof step.kind>;
      return kind.choose(step as never, (slot) => weightData[(step.weights as Record<string, { id: number }>)[slot].id]);
    });
    return {
      kernels: choices,
      pools: { [arena]: { align: 16 }, [doubles]: { align: 16 } },
      valuePool: arena,
      valueBytes: (value) => 4 * elementCount(value.shape),
    };
  },

  emit(lowered, plan, memory): TargetArtifact {
    const { program } = lowered;
    const weights = packWeights(lowered, plan.kernels);
    const source = emitModule({ program, choices: plan.kernels, memory, weights });
    const arenaFloats = (memory.pools[arena] ?? 0) / 4;
    const tensor = (t: { name: string; value: { id: number; shape: number[] } }) => ({ name: t.name, shape: t.value.shape, offset: memory.values[t.value.id] / 4 });
    return {
      target: 'js',
      source,
      storedWeights: weights.stored,
      runtimeWeightBytes: runtimeWeightBytes(weights),
      memoryBytes: (memory.pools[arena] ?? 0) + (memory.pools[doubles] ?? 0),
      inputs: program.inputs.map(tensor),
      outputs: program.outputs.map(tensor),
      executor: '@stride/runtime/executor',
      kernelsExports: ['forward', 'prepare', 'scratch'],
      entry(weightSource, spec) {
        const entry = new SourceWriter();
        entry.comment(`Stride bundle for model ${userText(program.name)}: kernels, executor and weights.`);
        entry.line(`import { createExecutor, decodeBase64, decodeWeights, sidecarWeights } from ${literal(this.executor)};`);
        entry.line(`import { forward, prepare, scratch } from 'stride:kernels';`);
        entry.line(`export { StrideError } from ${literal(this.executor)};`);
        entry.line(`export const spec = JSON.parse(${literal(JSON.stringify({ ...spec, arenaFloats, inputs: this.inputs, outputs: this.outputs }))});`);
        entry.block('export async function create(options = {})', () => {
          if ('inline' in weightSource) {
            entry.line(`const stored = options.weights === undefined ? decodeWeights(spec, decodeBase64(${literal(weightSource.inline)}), true) : await sidecarWeights(spec, options.weights);`);
          } else {
            entry.line(`const stored = await sidecarWeights(spec, options.weights ?? new URL('./index.safetensors', import.meta.url));`);
          }
          entry.line('return createExecutor(spec, { forward, prepare, scratch }, stored);');
        });
        return entry.toString();
      },
    };
  },
};
