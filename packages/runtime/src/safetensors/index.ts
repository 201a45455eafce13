export { parseSafetensors, type Weights, type WeightTensor, type ParseOptions } from './parse.js';
export { loadSafetensors, type WeightsSource } from './load.js';
export { serializeSafetensors, type TensorToWrite } from './serialize.js';
export { float16ToFloat32, float32ToFloat16, bfloat16ToFloat32, dtypeSizes, type Dtype } from './dtypes.js';
