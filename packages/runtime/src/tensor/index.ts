export { imageToTensor, type ImageToTensorOptions } from './image.js';
export { argmax, topK, softmax, type Ranked } from './ranking.js';
