export { imageToTensor, type ImageToTensorOptions } from './image';
export { argmax, topK, softmax, type Ranked } from './ranking';
