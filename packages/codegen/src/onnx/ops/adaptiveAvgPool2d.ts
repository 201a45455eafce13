import type { Converter } from '../context.js';
import { adaptivePool } from './pooling.js';

/** adaptiveAvgPool2d → GlobalAveragePool, one AveragePool, or per-bin Slice + ReduceMean + Concat (pooling.ts). */
export const adaptiveAvgPool2d: Converter<'adaptiveAvgPool2d'> = (ctx) => adaptivePool(ctx, { global: 'GlobalAveragePool', window: 'AveragePool', reduce: 'ReduceMean' });
