/**
 * @stride/runtime — safetensors weights, the reference interpreter, tensor helpers, and the small
 * executor that generated bundles link.
 */
export { StrideError, type StrideErrorCode } from './errors';
export { seededWeights, seededTensor, seededUnit, fnv1a32, mulberry32 } from './seeded';
export * from './safetensors';
export { bindWeights, type BindOptions, type WeightsInput } from './weights';
export { checkInputs, type InputSpec } from './inputs';
export { resolveShape, resolveShapes } from './shapes';
export { interpret, checkGraph, type InterpretOptions } from './interpreter/interpret';
export { erf } from './interpreter/kernels/erf';
export * from './tensor';
