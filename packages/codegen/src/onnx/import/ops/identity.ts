/** Dropout (the identity at inference) and Identity pass their input through. */
import type { Entry } from './shared.js';

export const Dropout: Entry = { attrs: ['seed', 'ratio'], run: (ctx) => ({ kind: 'node', node: ctx.input(0) }) };
export const Identity: Entry = { attrs: [], run: (ctx) => ({ kind: 'node', node: ctx.input(0) }) };
