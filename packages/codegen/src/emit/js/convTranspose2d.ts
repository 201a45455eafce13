/** convTranspose2d: each output pixel gathers the input pixels whose scattered windows cover it. */
import type { StepOf } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { epilogueOf, storeWithEpilogue } from './epilogue.js';
import type { JsKernel } from './kernel.js';
import type { PackedWeight } from './registry.js';

export function chooseConvTranspose2d(): JsKernel {
  return { kernel: 'convTranspose2d/gather', temporaries: {} };
}

export function packConvTranspose2d(_step: StepOf<'convTranspose2d'>, _choice: JsKernel, _slot: string, raw: Float32Array): PackedWeight {
  return { stored: raw, runtimeLength: raw.length };
}

export function emitConvTranspose2d(step: StepOf<'convTranspose2d'>, w: SourceWriter): void {
  const [batch, inChannels, height, width] = step.reads.input.shape;
  const [, outChannels, outHeight, outWidth] = step.output.shape;
  const { kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], groups } = step.attrs;
  const inPer = inChannels / groups;
  const outPer = outChannels / groups;
  const out = '$out';
  w.loop('n', batch, (n) => {
    w.block(`for (let o = 0; o < ${outChannels}; o++)`, () => {
      w.line(`const g = (o / ${outPer}) | 0, og = o - g * ${outPer};`);
      w.block(`for (let y = 0; y < ${outHeight}; y++)`, () => {
        w.block(`for (let x = 0; x < ${outWidth}; x++)`, () => {
          w.line('let s = 0;');
          w.block(`for (let ky = 0; ky < ${kh}; ky++)`, () => {
            w.line(`const ty = y + ${ph} - ky * ${dh};`);
            w.line(`if (ty < 0 || ty % ${sh} !== 0) continue;`);
            w.line(`const iy = ty / ${sh};`);
            w.line(`if (iy >= ${height}) continue;`);
            w.block(`for (let kx = 0; kx < ${kw}; kx++)`, () => {
              w.line(`const tx = x + ${pw} - kx * ${dw};`);
              w.line(`if (tx < 0 || tx % ${sw} !== 0) continue;`);
              w.line(`const ix = tx / ${sw};`);
              w.line(`if (ix >= ${width}) continue;`);
              w.block(`for (let c = 0; c < ${inPer}; c++)`, () => {
                w.line(`const ci = g * ${inPer} + c;`);
                w.line(`s += w[$w + ((ci * ${outPer} + og) * ${kh} + ky) * ${kw} + kx] * a[$in + ((${n} * ${inChannels} + ci) * ${height} + iy) * ${width} + ix];`);
              });
            });
          });
          w.line(storeWithEpilogue(epilogueOf(step), 's', 'o', `${out} + ((${n} * ${outChannels} + o) * ${outHeight} + y) * ${outWidth} + x`));
        });
      });
    });
  });
}
