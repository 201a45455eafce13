/** convTranspose2d: each output pixel gathers the input pixels whose scattered windows cover it. */
import type { Step } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { storeWithEpilogue } from './epilogue.js';

type Step2 = Extract<Step, { kind: 'convTranspose2d' }>;

export function emitConvTranspose2d(step: Step2, w: SourceWriter): void {
  const [batch, inChannels, height, width] = step.input.shape;
  const [, outChannels, outHeight, outWidth] = step.output.shape;
  const { kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw], groups } = step.attrs;
  const inPer = inChannels / groups;
  const outPer = outChannels / groups;
  const out = '$out';
  w.loop('n', batch, () => {
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
                w.line(`s += w[$w + ((ci * ${outPer} + og) * ${kh} + ky) * ${kw} + kx] * a[$in + ((n * ${inChannels} + ci) * ${height} + iy) * ${width} + ix];`);
              });
            });
          });
          w.line(storeWithEpilogue(step.epilogue, 's', 'o', `${out} + ((n * ${outChannels} + o) * ${outHeight} + y) * ${outWidth} + x`));
        });
      });
    });
  });
}
