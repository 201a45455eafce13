/**
 * @stride/runtime — safetensors weights, the reference interpreter, tensor helpers, and the small
 * executor that generated bundles link.
 */
export { StrideError, strideErrorCodes, type StrideErrorCode } from './errors.js';
export { seededWeights, seededTensor, seededUnit, fnv1a32, mulberry32 } from './seeded.js';
export * from './safetensors/index.js';
export { bindWeights, type BindOptions, type WeightsInput } from './weights.js';
export { checkInputs, type InputSpec } from './inputs.js';
export { resolveShape, resolveShapes } from './shapes.js';
export { interpret, checkGraph, type InterpretOptions } from './interpreter/interpret.js';
export { erf } from './interpreter/kernels/erf.js';
export { batchNormAffine } from './interpreter/kernels/batchNorm2d.js';
export { upsampleTaps, type UpsampleTap } from './interpreter/kernels/upsample.js';
export { padSource } from './interpreter/kernels/pad.js';
export * from './tensor/index.js';
