/** JavaScript expressions for activations and kernel epilogues (bias, residual, activation). */
import type { Activation, Step, Value, WeightRef } from '../../plan/program.js';

/** What a producing step does to each value before storing it, read off its operand slots. */
export interface Epilogue {
  /** A `bias` weight, read at `$bias`. */
  bias: boolean;
  /** A `residual` read, at `$res` relative to the output index. */
  residual: boolean;
  activation?: Activation;
}

export function epilogueOf(step: Step): Epilogue {
  return {
    bias: (step.weights as { bias?: WeightRef }).bias !== undefined,
    residual: (step.reads as { residual?: Value }).residual !== undefined,
    ...(step.activation ? { activation: step.activation } : {}),
  };
}

/** The activation applied to the JS expression `v` (a local), NaN propagating as in PyTorch. */
export function activationExpression(activation: Activation | undefined, v: string): string {
  if (!activation) return v;
  switch (activation.op) {
    case 'relu': return `(${v} < 0 ? 0 : ${v})`;
    case 'relu6': return `(${v} < 0 ? 0 : ${v} > 6 ? 6 : ${v})`;
    case 'leakyRelu': return `(${v} < 0 ? ${v} * ${number(activation.slope ?? 0.01)} : ${v})`;
    case 'sigmoid': return `1 / (1 + Math.exp(-${v}))`;
    case 'tanh': return `Math.tanh(${v})`;
    case 'gelu': return `0.5 * ${v} * (1 + erf(${v} * 0.7071067811865476))`;
    case 'silu': return `${v} / (1 + Math.exp(-${v}))`;
    case 'hardswish': return `${v} * (${v} < -3 ? 0 : ${v} > 3 ? 6 : ${v} + 3) / 6`;
    case 'hardsigmoid': return `(${v} < -3 ? 0 : ${v} > 3 ? 6 : ${v} + 3) / 6`;
    case 'elu': return `(${v} > 0 ? ${v} : ${number(activation.alpha ?? 1)} * Math.expm1(${v}))`;
    case 'clamp': {
      // Math.max and Math.min propagate NaN, as PyTorch's clamp does.
      const low = activation.min === null || activation.min === undefined ? v : `Math.max(${v}, ${number(activation.min)})`;
      return activation.max === null || activation.max === undefined ? low : `Math.min(${low}, ${number(activation.max)})`;
    }
  }
}

/** `const <name> = <channel's bias>;` to hoist out of a kernel's loops, or nothing without a bias. */
export function loadBias(epilogue: Epilogue, channel: string | number, name = 'bias'): string | undefined {
  return epilogue.bias ? `const ${name} = w[${typeof channel === 'number' ? (channel === 0 ? '$bias' : `$bias + ${channel}`) : `$bias + ${channel}`}];` : undefined;
}

/** A float literal that round-trips. */
export function number(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (!Number.isFinite(value)) return value > 0 ? 'Infinity' : '-Infinity';
  return Object.is(value, -0) ? '-0' : String(value);
}

/**
 * The statement storing accumulator `sum` for output channel `channel` (a JS expression) at arena
 * index `index` (a JS expression): bias (at `$bias`), then the residual read at the same index
 * shifted by `$res`, then the activation. `bias` names a local already holding the channel's bias,
 * when the kernel hoisted it.
 */
export function storeWithEpilogue(epilogue: Epilogue, sum: string, channel: string | number, index: string, bias?: string): string {
  let v = sum;
  if (epilogue.bias) v = `${v} + ${bias ?? `w[${channel === 0 || channel === '0' ? '$bias' : `$bias + ${channel}`}]`}`;
  if (epilogue.residual) v = `${v} + a[$res + ${index}]`;
  if (!epilogue.activation) return `a[${index}] = ${v};`;
  return `{ const v = ${v}; a[${index}] = ${activationExpression(epilogue.activation, 'v')}; }`;
}

/** Whether any step of a program applies GELU (its module then includes `erf`). */
export function usesGelu(steps: Step[]): boolean {
  return steps.some((step) => step.activation?.op === 'gelu');
}
