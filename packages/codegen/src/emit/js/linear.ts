/** linear: rows of the input times the weight matrix, 4 output features per pass held in locals. */
import type { Step } from '../../plan/program';
import type { SourceWriter } from '../writer';
import { storeWithEpilogue } from './epilogue';

type LinearStep = Extract<Step, { kind: 'linear' }>;

/** Weights packed [output block of 4][input][4], so the inner loop reads them in order. */
export function packLinear(step: LinearStep, raw: Float32Array): Float32Array {
  const { inFeatures, outFeatures } = step.attrs;
  const blocks = Math.floor(outFeatures / 4);
  const packed = new Float32Array(raw.length);
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < inFeatures; i++) for (let j = 0; j < 4; j++) packed[(b * inFeatures + i) * 4 + j] = raw[(b * 4 + j) * inFeatures + i];
  }
  packed.set(raw.subarray(blocks * 4 * inFeatures), blocks * 4 * inFeatures);
  return packed;
}

export function emitLinear(step: LinearStep, w: SourceWriter): void {
  const { inFeatures, outFeatures } = step.attrs;
  const rows = step.output.shape.reduce((a, b) => a * b, 1) / outFeatures;
  const blocks = Math.floor(outFeatures / 4);
  const out = step.output.offset;
  w.block(`for (let r = 0; r < ${rows}; r++)`, () => {
    w.line(`const x = ${step.input.offset} + r * ${inFeatures}, dst = ${out} + r * ${outFeatures};`);
    if (blocks > 0) {
      w.block(`for (let o = 0; o < ${blocks * 4}; o += 4)`, () => {
        w.line(`let k = ${step.weight.offset} + o * ${inFeatures};`);
        w.line('let s0 = 0, s1 = 0, s2 = 0, s3 = 0;');
        w.block(`for (let i = 0; i < ${inFeatures}; i++, k += 4)`, () => {
          w.line('const v = a[x + i];');
          w.line('s0 += w[k] * v; s1 += w[k + 1] * v; s2 += w[k + 2] * v; s3 += w[k + 3] * v;');
        });
        for (let j = 0; j < 4; j++) w.line(storeWithEpilogue(step.epilogue, `s${j}`, `o + ${j}`, `dst + o + ${j}`, out));
      });
    }
    if (blocks * 4 < outFeatures) {
      w.block(`for (let o = ${blocks * 4}; o < ${outFeatures}; o++)`, () => {
        w.line(`const k = ${step.weight.offset} + o * ${inFeatures};`);
        w.line('let s = 0;');
        w.line(`for (let i = 0; i < ${inFeatures}; i++) s += w[k + i] * a[x + i];`);
        w.line(storeWithEpilogue(step.epilogue, 's', 'o', 'dst + o', out));
      });
    }
  });
}
