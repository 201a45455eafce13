import { erf } from '@stride/runtime';
/** JavaScript expressions for activations and kernel epilogues (bias, residual, activation). */
import type { Activation, Epilogue } from '../../plan/program.js';

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
  }
}

/** `const <name> = <channel's bias>;` to hoist out of a kernel's loops, or nothing without a bias. */
export function loadBias(epilogue: Epilogue, channel: string, name = 'bias'): string | undefined {
  return epilogue.bias ? `const ${name} = w[$bias + ${channel}];` : undefined;
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
export function storeWithEpilogue(epilogue: Epilogue, sum: string, channel: string, index: string, bias?: string): string {
  let v = sum;
  if (epilogue.bias) v = `${v} + ${bias ?? `w[$bias + ${channel}]`}`;
  if (epilogue.residual) v = `${v} + a[$res + ${index}]`;
  if (!epilogue.activation) return `a[${index}] = ${v};`;
  return `{ const v = ${v}; a[${index}] = ${activationExpression(epilogue.activation, 'v')}; }`;
}

/**
 * The erf the gelu expression calls, emitted once per module that needs it: the reference
 * interpreter's own function, so compiled and interpreted gelu share one definition.
 */
export const erfSource = erf.toString();
