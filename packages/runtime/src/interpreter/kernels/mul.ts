import { broadcast } from './broadcast';
import type { Kernel } from './types';

/** a · b with broadcasting. */
export const mul: Kernel<'mul'> = ({ inputs: [a, b], inShapes: [aShape, bShape], outShape }) => broadcast(a, aShape, b, bShape, outShape, (x, y) => x * y);
