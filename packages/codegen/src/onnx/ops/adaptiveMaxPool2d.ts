import type { Converter } from '../context.js';
import { adaptivePool } from './pooling.js';

/** adaptiveMaxPool2d → GlobalMaxPool, one MaxPool, or per-bin Slice + ReduceMax + Concat (pooling.ts). */
export const adaptiveMaxPool2d: Converter<'adaptiveMaxPool2d'> = (ctx) => adaptivePool(ctx, { global: 'GlobalMaxPool', window: 'MaxPool', reduce: 'ReduceMax' });
