/**
 * linear: rows of the input times the weight matrix. Output features go in blocks of 8 held in
 * locals (the last block narrower), so each input value is loaded once per block and the weights
 * stream in the order they are stored. With batch 1 this is a matrix-vector product: every weight is
 * read exactly once, and the block width only sets how often the input is.
 */
import { elementCount } from '@stride/dsl';
import type { StepOf } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { epilogueOf, storeWithEpilogue } from './epilogue.js';
import { plus, times } from './expression.js';

type LinearStep = StepOf<'linear'>;

/** Output features per block. */
const blockWidth = 8;

/** Weights packed [output block][input][j < block width], so the inner loop reads them in order. */
export function packLinear(step: LinearStep, raw: Float32Array): Float32Array {
  const { inFeatures, outFeatures } = step.attrs;
  const packed = new Float32Array(raw.length);
  for (let start = 0; start < outFeatures; start += blockWidth) {
    const width = Math.min(blockWidth, outFeatures - start);
    for (let i = 0; i < inFeatures; i++) for (let j = 0; j < width; j++) packed[(start * inFeatures) + i * width + j] = raw[(start + j) * inFeatures + i];
  }
  return packed;
}

export function emitLinear(step: LinearStep, w: SourceWriter): void {
  const { inFeatures, outFeatures } = step.attrs;
  const rows = elementCount(step.output.shape) / outFeatures;
  const full = Math.floor(outFeatures / blockWidth) * blockWidth;
  // `start` is the block's first output feature (a loop variable or a literal), `width` its size.
  const block = (start: string | number, width: number) => {
    const base = plus('$w', typeof start === 'number' ? start * inFeatures : times(start, inFeatures));
    w.line(`let ${Array.from({ length: width }, (_, j) => `s${j} = 0`).join(', ')};`);
    w.block(`for (let i = 0; i < ${inFeatures}; i++)`, () => {
      w.line(`const v = a[x + i], k = ${plus(base, times('i', width))};`);
      w.line(Array.from({ length: width }, (_, j) => `s${j} += w[${plus('k', j)}] * v;`).join(' '));
    });
    for (let j = 0; j < width; j++) {
      const feature = typeof start === 'number' ? String(start + j) : plus(start, j);
      w.line(storeWithEpilogue(epilogue, `s${j}`, feature, plus('dst', typeof start === 'number' ? start + j : feature)));
    }
  };
  const epilogue = epilogueOf(step);
  w.loop('r', rows, (r) => {
    w.line(`const x = ${plus('$in', times(r, inFeatures))}, dst = ${plus('$out', times(r, outFeatures))};`);
    if (full > blockWidth) w.block(`for (let o = 0; o < ${full}; o += ${blockWidth})`, () => block('o', blockWidth));
    else if (full === blockWidth) w.block('', () => block(0, blockWidth));
    if (outFeatures > full) w.block('', () => block(full, outFeatures - full));
  });
}
