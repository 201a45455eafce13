/**
 * conv2d in JavaScript. The input is first copied into a padded scratch span when the layer pads
 * (any padding mode), so every kernel below reads without bounds checks: the interior/border split
 * is done once, by the copy. Kernels by shape:
 * - `direct-4x4`: 4 output channels × 4 output pixels held in 16 locals, the kernel window unrolled
 *   along x; weights packed [channel block][input channel][ky][kx][4] so each step reads 4 adjacent.
 * - `1x1-gemm`: the same blocking over flattened pixels (a GEMM of weights × pixels).
 * - `depthwise`: one channel at a time, the window fully unrolled with its weights in locals.
 * - `grouped`: plain loops per group.
 * Left-over channels and pixels (counts not divisible by 4) take a scalar loop with the same epilogue.
 */
import type { PaddingMode } from '@stride/dsl';
import type { Step } from '../../plan/program';
import type { SourceWriter } from '../writer';
import { storeWithEpilogue } from './epilogue';

type ConvStep = Extract<Step, { kind: 'conv2d' }>;

/** Weight layout per kernel; the packed array replaces PyTorch's [out, in/groups, kh, kw]. */
export function packConv2d(step: ConvStep, raw: Float32Array): Float32Array {
  if (step.kernel !== 'conv2d/direct-4x4' && step.kernel !== 'conv2d/1x1-gemm') return raw;
  const { outChannels, inChannels, kernelSize: [kh, kw] } = step.attrs;
  const blocks = Math.floor(outChannels / 4);
  const per = inChannels * kh * kw;
  const packed = new Float32Array(raw.length);
  // Blocked part: [block][c][ky][kx][j] for j in 0..3; the left-over channels keep PyTorch's layout after it.
  for (let b = 0; b < blocks; b++) {
    for (let i = 0; i < per; i++) for (let j = 0; j < 4; j++) packed[(b * per + i) * 4 + j] = raw[(b * 4 + j) * per + i];
  }
  packed.set(raw.subarray(blocks * 4 * per), blocks * 4 * per);
  return packed;
}

/** Index of a padded position's source along one axis, as a JS expression (or -1 for zeros). */
function sourceIndex(mode: PaddingMode, i: string, length: number): string {
  switch (mode) {
    case 'zeros': return `(${i} >= 0 && ${i} < ${length} ? ${i} : -1)`;
    case 'replicate': return `(${i} < 0 ? 0 : ${i} >= ${length} ? ${length - 1} : ${i})`;
    case 'circular': return `((${i} % ${length}) + ${length}) % ${length}`;
    case 'reflect': {
      const period = 2 * (length - 1);
      return period === 0 ? '0' : `((t) => t >= ${length} ? ${period} - t : t)(((${i} % ${period}) + ${period}) % ${period})`;
    }
  }
}

function emitPad(step: ConvStep, w: SourceWriter): void {
  const padded = step.padded!;
  const [n, c, h, wi] = step.input.shape;
  const { top, left } = step.attrs.padding;
  const [, , hp, wp] = padded.shape;
  w.comment(`pad ${step.attrs.paddingMode}: [${n}, ${c}, ${h}, ${wi}] → [${n}, ${c}, ${hp}, ${wp}]`);
  w.block(`for (let plane = 0; plane < ${n * c}; plane++)`, () => {
    w.line(`const src = ${step.input.offset} + plane * ${h * wi}, dst = ${padded.offset} + plane * ${hp * wp};`);
    w.block(`for (let y = 0; y < ${hp}; y++)`, () => {
      w.line(`const sy = ${sourceIndex(step.attrs.paddingMode, `y - ${top}`, h)};`);
      w.line(`const row = dst + y * ${wp};`);
      if (step.attrs.paddingMode === 'zeros') {
        w.block(`if (sy < 0)`, () => w.line(`a.fill(0, row, row + ${wp});`), '} else {');
        w.line(`  a.fill(0, row, row + ${left});`);
        w.line(`  a.copyWithin(row + ${left}, src + sy * ${wi}, src + sy * ${wi} + ${wi});`);
        w.line(`  a.fill(0, row + ${left + wi}, row + ${wp});`);
        w.line('}');
      } else {
        w.block(`for (let x = 0; x < ${wp}; x++)`, () => {
          w.line(`a[row + x] = a[src + sy * ${wi} + ${sourceIndex(step.attrs.paddingMode, `x - ${left}`, wi)}];`);
        });
      }
    });
  });
}

export function emitConv2d(step: ConvStep, w: SourceWriter): void {
  const source = step.padded ?? step.input;
  if (step.padded) emitPad(step, w);
  const [batch, inChannels, height, width] = source.shape;
  const [, outChannels, outHeight, outWidth] = step.output.shape;
  const { kernelSize: [kh, kw], stride: [sh, sw], dilation: [dh, dw], groups } = step.attrs;
  const inPlane = height * width;
  const outPlane = outHeight * outWidth;
  const wOff = step.weight.offset;
  const out = step.output.offset;
  const e = step.epilogue;

  if (step.kernel === 'conv2d/depthwise') {
    w.block(`for (let n = 0; n < ${batch}; n++)`, () => {
      w.block(`for (let c = 0; c < ${outChannels}; c++)`, () => {
        w.line(`const src = ${source.offset} + (n * ${inChannels} + c) * ${inPlane}, dst = ${out} + (n * ${outChannels} + c) * ${outPlane};`);
        w.line(`const k = ${wOff} + c * ${kh * kw};`);
        for (let i = 0; i < kh * kw; i++) w.line(`const w${i} = w[k + ${i}];`);
        w.block(`for (let y = 0; y < ${outHeight}; y++)`, () => {
          w.line(`const r = src + y * ${sh * width};`);
          w.block(`for (let x = 0; x < ${outWidth}; x++)`, () => {
            w.line(`const p = r + x * ${sw};`);
            const terms: string[] = [];
            for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) terms.push(`w${ky * kw + kx} * a[p + ${ky * dh * width + kx * dw}]`);
            w.line(`const s = ${terms.join(' + ')};`);
            w.line(storeWithEpilogue(e, 's', 'c', `dst + y * ${outWidth} + x`, out));
          });
        });
      });
    });
    return;
  }

  if (step.kernel === 'conv2d/grouped') {
    const inPer = inChannels / groups;
    const outPer = outChannels / groups;
    w.block(`for (let n = 0; n < ${batch}; n++)`, () => {
      w.block(`for (let o = 0; o < ${outChannels}; o++)`, () => {
        w.line(`const g = (o / ${outPer}) | 0;`);
        w.line(`const src = ${source.offset} + (n * ${inChannels} + g * ${inPer}) * ${inPlane};`);
        w.line(`const k = ${wOff} + o * ${inPer * kh * kw};`);
        w.block(`for (let y = 0; y < ${outHeight}; y++)`, () => {
          w.block(`for (let x = 0; x < ${outWidth}; x++)`, () => {
            w.line('let s = 0;');
            w.block(`for (let c = 0; c < ${inPer}; c++)`, () => {
              w.line(`const p = src + c * ${inPlane} + y * ${sh * width} + x * ${sw};`);
              w.line(`const q = k + c * ${kh * kw};`);
              w.block(`for (let ky = 0; ky < ${kh}; ky++)`, () => {
                w.block(`for (let kx = 0; kx < ${kw}; kx++)`, () => w.line(`s += w[q + ky * ${kw} + kx] * a[p + ky * ${dh * width} + kx * ${dw}];`));
              });
            });
            w.line(storeWithEpilogue(e, 's', 'o', `${out} + (n * ${outChannels} + o) * ${outPlane} + y * ${outWidth} + x`, out));
          });
        });
      });
    });
    return;
  }

  // direct-4x4 and 1x1-gemm share the blocking; 1x1 walks flattened pixels.
  const pointwise = step.kernel === 'conv2d/1x1-gemm';
  const blocks = Math.floor(outChannels / 4);
  const per = inChannels * kh * kw;
  const pixels = pointwise ? outPlane : outWidth;
  const pixelBlocks = Math.floor(pixels / 4);
  const rows = pointwise ? 1 : outHeight;
  const xStep = pointwise ? 1 : sw;
  const pixelIndex = (x: string) => (pointwise ? x : `y * ${outWidth} + ${x}`);
  const inputRow = pointwise ? `${source.offset} + n * ${inChannels * inPlane}` : `${source.offset} + n * ${inChannels * inPlane} + y * ${sh * width}`;

  w.block(`for (let n = 0; n < ${batch}; n++)`, () => {
    w.block(`for (let y = 0; y < ${rows}; y++)`, () => {
      w.line(`const row = ${inputRow};`);
      w.line(`const dst = ${out} + n * ${outChannels * outPlane};`);
      if (blocks > 0) {
        w.block(`for (let b = 0; b < ${blocks}; b++)`, () => {
          w.line(`const k = ${wOff} + b * ${per * 4};`);
          if (pixelBlocks > 0) {
            w.block(`for (let x = 0; x < ${pixelBlocks * 4}; x += 4)`, () => {
              for (let j = 0; j < 4; j++) w.line(`let s${j}0 = 0, s${j}1 = 0, s${j}2 = 0, s${j}3 = 0;`);
              w.line(`let q = k;`);
              w.block(`for (let c = 0; c < ${inChannels}; c++)`, () => {
                w.line(`const base = row + c * ${inPlane} + x * ${xStep};`);
                const body = () => {
                  w.line('let i0, i1, i2, i3, w0, w1, w2, w3;');
                  for (let kx = 0; kx < kw; kx++) {
                    const at = (p: number) => `a[p + ${kx * dw + p * xStep}]`;
                    w.line(`i0 = ${at(0)}; i1 = ${at(1)}; i2 = ${at(2)}; i3 = ${at(3)};`);
                    w.line('w0 = w[q]; w1 = w[q + 1]; w2 = w[q + 2]; w3 = w[q + 3]; q += 4;');
                    for (let j = 0; j < 4; j++) w.line(`s${j}0 += w${j} * i0; s${j}1 += w${j} * i1; s${j}2 += w${j} * i2; s${j}3 += w${j} * i3;`);
                  }
                };
                if (kh === 1) {
                  w.line('const p = base;');
                  body();
                } else {
                  w.block(`for (let ky = 0; ky < ${kh}; ky++)`, () => {
                    w.line(`const p = base + ky * ${dh * width};`);
                    body();
                  });
                }
              });
              for (let j = 0; j < 4; j++) {
                for (let p = 0; p < 4; p++) {
                  w.line(storeWithEpilogue(e, `s${j}${p}`, `b * 4 + ${j}`, `dst + (b * 4 + ${j}) * ${outPlane} + ${pixelIndex(`x + ${p}`)}`, out));
                }
              }
            });
          }
          if (pixelBlocks * 4 < pixels) {
            w.block(`for (let x = ${pixelBlocks * 4}; x < ${pixels}; x++)`, () => {
              w.block('for (let j = 0; j < 4; j++)', () => {
                w.line('let s = 0;');
                w.block(`for (let c = 0; c < ${inChannels}; c++)`, () => {
                  w.block(`for (let ky = 0; ky < ${kh}; ky++)`, () => {
                    w.block(`for (let kx = 0; kx < ${kw}; kx++)`, () => {
                      w.line(`s += w[k + ((c * ${kh} + ky) * ${kw} + kx) * 4 + j] * a[row + c * ${inPlane} + ky * ${dh * width} + x * ${xStep} + kx * ${dw}];`);
                    });
                  });
                });
                w.line(storeWithEpilogue(e, 's', 'b * 4 + j', `dst + (b * 4 + j) * ${outPlane} + ${pixelIndex('x')}`, out));
              });
            });
          }
        });
      }
      if (blocks * 4 < outChannels) {
        w.comment('left-over output channels, PyTorch weight layout');
        w.block(`for (let o = ${blocks * 4}; o < ${outChannels}; o++)`, () => {
          w.line(`const k = ${wOff} + o * ${per};`);
          w.block(`for (let x = 0; x < ${pixels}; x++)`, () => {
            w.line('let s = 0;');
            w.block(`for (let c = 0; c < ${inChannels}; c++)`, () => {
              w.block(`for (let ky = 0; ky < ${kh}; ky++)`, () => {
                w.block(`for (let kx = 0; kx < ${kw}; kx++)`, () => {
                  w.line(`s += w[k + (c * ${kh} + ky) * ${kw} + kx] * a[row + c * ${inPlane} + ky * ${dh * width} + x * ${xStep} + kx * ${dw}];`);
                });
              });
            });
            w.line(storeWithEpilogue(e, 's', 'o', `dst + o * ${outPlane} + ${pixelIndex('x')}`, out));
          });
        });
      }
    });
  });
}
