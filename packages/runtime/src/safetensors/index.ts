export { parseSafetensors, type Weights, type WeightTensor, type ParseOptions } from './parse';
export { loadSafetensors, type WeightsSource } from './load';
export { serializeSafetensors, type TensorToWrite } from './serialize';
export { float16ToFloat32, float32ToFloat16, bfloat16ToFloat32, dtypeSizes, type Dtype } from './dtypes';
