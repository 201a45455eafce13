/**
 * What every executor hands its caller: a network over one arena of float32 values. `run` copies
 * the inputs into the arena at their offsets, runs the kernels, and returns views of the outputs —
 * made once, so a run allocates nothing; they are overwritten by the next run.
 */
import { elementCount } from '@stride/dsl';
import { StrideError } from '../errors.js';
import { checkInputs } from '../inputs.js';

export interface TensorSpec {
  name: string;
  shape: number[];
  /** Floats into the arena. */
  offset: number;
}

export interface Network<Outputs extends string = string> {
  readonly model: string;
  readonly inputs: readonly TensorSpec[];
  readonly outputs: readonly TensorSpec[];
  /** Bytes one instance holds for its values: the arena, and any scratch beside it. */
  readonly arenaBytes: number;
  /** Threads `run()` uses: 1, or what `create({ threads })` got (1 where threads are unavailable). */
  readonly threads: number;
  /** Runs the network. The returned arrays are views into the arena, valid until the next run. */
  run(inputs: Record<string, Float32Array>): Record<Outputs, Float32Array>;
  /** Ends the network's worker threads (a threaded network's; otherwise nothing to end); `run()` throws after it. */
  dispose(): void;
}

/** A network whose kernels run by `forward()` over `arena`, where inputs are written and outputs read. */
export function networkOver<Outputs extends string>(
  spec: { model: string; inputs: TensorSpec[]; outputs: TensorSpec[] },
  arena: Float32Array,
  arenaBytes: number,
  forward: () => void,
  threads: { count: number; dispose(): void } = { count: 1, dispose() {} },
): Network<Outputs> {
  const result = Object.create(null) as Record<Outputs, Float32Array>;
  for (const output of spec.outputs) {
    result[output.name as Outputs] = arena.subarray(output.offset, output.offset + elementCount(output.shape));
  }
  Object.freeze(result);
  const inputSizes = spec.inputs.map((input) => elementCount(input.shape));
  const inputCount = spec.inputs.length;
  const slowCheck = (inputs: unknown): never => {
    checkInputs(spec.inputs, inputs);
    // checkInputs found nothing wrong with what the fast path refused: name the generic problem.
    throw new StrideError('input', `inputs: expected exactly ${spec.inputs.map((i) => `'${i.name}'`).join(', ')} as Float32Arrays`);
  };
  let disposed = false;
  return {
    model: spec.model,
    inputs: spec.inputs,
    outputs: spec.outputs,
    arenaBytes,
    threads: threads.count,
    dispose() {
      disposed = true;
      threads.dispose();
    },
    run(inputs) {
      if (disposed) throw new StrideError('graph', `model ${JSON.stringify(spec.model)} was disposed; create() it again to run it`);
      // The fast path checks without allocating; anything unusual takes checkInputs' full diagnosis.
      if (typeof inputs !== 'object' || inputs === null) slowCheck(inputs);
      let seen = 0;
      for (const key in inputs) {
        if (Object.prototype.hasOwnProperty.call(inputs, key)) seen++;
      }
      if (seen !== inputCount) slowCheck(inputs);
      for (let i = 0; i < inputCount; i++) {
        const value = (inputs as Record<string, unknown>)[spec.inputs[i].name];
        if (!(value instanceof Float32Array) || value.length !== inputSizes[i] || !Object.prototype.hasOwnProperty.call(inputs, spec.inputs[i].name)) slowCheck(inputs);
        arena.set(value as Float32Array, spec.inputs[i].offset);
      }
      forward();
      return result;
    },
  };
}
