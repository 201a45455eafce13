export { StrideError, type StrideErrorCode } from './errors';
export { seededWeights, seededTensor, seededUnit, fnv1a32 } from './seeded';
