import { broadcast } from './broadcast.js';
import type { Kernel } from './types.js';

/** a − b with broadcasting. */
export const sub: Kernel<'sub'> = ({ inputs: [a, b], inShapes: [aShape, bShape], outShape }) => broadcast(a, aShape, b, bShape, outShape, (x, y) => x - y);
