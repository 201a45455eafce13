/**
 * The network the page imports with `?stride`: LeNet-5 as the lenet-mnist example defines and trains
 * it. The plugin builds it with that example's trained weights (vite.config.ts).
 */
export { default } from '../../lenet-mnist/src/lenet5.js';
