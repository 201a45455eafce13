import { broadcast } from './broadcast.js';
import type { Kernel } from './types.js';

/**
 * a / b with broadcasting, true division as `torch.div`: x / ±0 is ±∞ (by the signs), 0 / 0 NaN. The
 * float64 quotient rounded to float32 is the correctly rounded float32 quotient (53 ≥ 2·24 + 2 bits).
 */
export const div: Kernel<'div'> = ({ inputs: [a, b], inShapes: [aShape, bShape], outShape }) => broadcast(a, aShape, b, bShape, outShape, (x, y) => x / y);
