/**
 * Pooling kernels: max and average with PyTorch's window rules, and adaptive average bins. Where every
 * window lies inside the input (no padding, no ceil-mode overhang) — LeNet's and VGG's 2×2 pools —
 * the window is unrolled with no bounds checks; otherwise each tap is checked.
 */
import type { StepOf } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { plus, times } from './expression.js';

type PoolStep = StepOf<'maxPool2d'> | StepOf<'avgPool2d'>;

/** Whether every window of the pool lies inside the input, and is small enough to unroll. */
function inBounds(step: PoolStep): boolean {
  const [, , height, width] = step.reads.input.shape;
  const [, , outHeight, outWidth] = step.output.shape;
  const { kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw] } = step.attrs;
  const [dh, dw] = step.kind === 'maxPool2d' ? step.attrs.dilation : [1, 1];
  return ph === 0 && pw === 0 && kh * kw <= 16 && (outHeight - 1) * sh + (kh - 1) * dh < height && (outWidth - 1) * sw + (kw - 1) * dw < width;
}

/** The unrolled in-bounds pool: `first` starts the accumulator from the first tap, `combine` folds each further tap `v` in, `result` is stored. */
function emitInBounds(step: PoolStep, w: SourceWriter, first: (v: string) => string, combine: string, result: string): void {
  const [batch, channels, height, width] = step.reads.input.shape;
  const [, , outHeight, outWidth] = step.output.shape;
  const { kernelSize: [kh, kw], stride: [sh, sw] } = step.attrs;
  const [dh, dw] = step.kind === 'maxPool2d' ? step.attrs.dilation : [1, 1];
  w.loop('plane', batch * channels, (plane) => {
    w.line(`const src = ${plus('$in', times(plane, height * width))}, dst = ${plus('$out', times(plane, outHeight * outWidth))};`);
    w.loop('y', outHeight, (y) => {
      w.line(`const r = ${plus('src', times(y, sh * width))}, o = ${plus('dst', times(y, outWidth))};`);
      w.loop('x', outWidth, (x) => {
        w.line(`const p = ${plus('r', times(x, sw))};`);
        for (let ky = 0; ky < kh; ky++) {
          for (let kx = 0; kx < kw; kx++) {
            const tap = `a[${plus('p', ky * dh * width + kx * dw)}]`;
            if (ky === 0 && kx === 0) w.line(first(tap));
            else w.line(`{ const v = ${tap}; ${combine} }`);
          }
        }
        w.line(`a[${plus('o', x)}] = ${result};`);
      });
    });
  });
}

export function emitMaxPool2d(step: StepOf<'maxPool2d'>, w: SourceWriter): void {
  // NaN wins, as in PyTorch: once m is NaN no comparison replaces it, and a NaN tap replaces m.
  if (inBounds(step)) return emitInBounds(step, w, (v) => `let m = ${v};`, 'if (v > m || v !== v) m = v;', 'm');
  const [batch, channels, height, width] = step.reads.input.shape;
  const [, , outHeight, outWidth] = step.output.shape;
  const { kernelSize: [kh, kw], stride: [sh, sw], padding: [ph, pw], dilation: [dh, dw] } = step.attrs;
  w.loop('plane', batch * channels, (plane) => {
    w.line(`const src = ${plus('$in', times(plane, height * width))}, dst = ${plus('$out', times(plane, outHeight * outWidth))};`);
    w.block(`for (let y = 0; y < ${outHeight}; y++)`, () => {
      w.block(`for (let x = 0; x < ${outWidth}; x++)`, () => {
        w.line('let m = -Infinity;');
        w.block(`for (let ky = 0; ky < ${kh}; ky++)`, () => {
          w.line(`const iy = y * ${sh} - ${ph} + ky * ${dh};`);
          w.line(`if (iy < 0 || iy >= ${height}) continue;`);
          w.block(`for (let kx = 0; kx < ${kw}; kx++)`, () => {
            w.line(`const ix = x * ${sw} - ${pw} + kx * ${dw};`);
            w.line(`if (ix < 0 || ix >= ${width}) continue;`);
            w.line(`const v = a[src + iy * ${width} + ix];`);
            w.line('if (v > m || v !== v) m = v;');
          });
        });
        w.line(`a[dst + y * ${outWidth} + x] = m;`);
      });
    });
  });
}

export function emitAvgPool2d(step: StepOf<'avgPool2d'>, w: SourceWriter): void {
  const [kh, kw] = step.attrs.kernelSize;
  if (inBounds(step)) return emitInBounds(step, w, (v) => `let s = ${v};`, 's += v;', `s / ${kh * kw}`);
  const [batch, channels, height, width] = step.reads.input.shape;
  const [, , outHeight, outWidth] = step.output.shape;
  const { stride: [sh, sw], padding: [ph, pw], countIncludePad } = step.attrs;
  w.loop('plane', batch * channels, (plane) => {
    w.line(`const src = ${plus('$in', times(plane, height * width))}, dst = ${plus('$out', times(plane, outHeight * outWidth))};`);
    w.block(`for (let y = 0; y < ${outHeight}; y++)`, () => {
      w.line(`let y0 = y * ${sh} - ${ph}, y1 = Math.min(y0 + ${kh}, ${height + ph});`);
      w.line('const hy = y1 - y0;');
      w.line(`y0 = Math.max(y0, 0); y1 = Math.min(y1, ${height});`);
      w.block(`for (let x = 0; x < ${outWidth}; x++)`, () => {
        w.line(`let x0 = x * ${sw} - ${pw}, x1 = Math.min(x0 + ${kw}, ${width + pw});`);
        w.line('const wx = x1 - x0;');
        w.line(`x0 = Math.max(x0, 0); x1 = Math.min(x1, ${width});`);
        w.line('let s = 0;');
        w.line(`for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) s += a[src + iy * ${width} + ix];`);
        w.line(`a[dst + y * ${outWidth} + x] = s / ${countIncludePad ? '(hy * wx)' : '((y1 - y0) * (x1 - x0))'};`);
      });
    });
  });
}

/** adaptiveAvgPool2d: the mean of each of PyTorch's bins, rows ⌊y·in/out⌋ … ⌈(y+1)·in/out⌉ − 1 and columns likewise. */
export function emitAdaptiveAvgPool2d(step: StepOf<'adaptiveAvgPool2d'>, w: SourceWriter): void {
  emitAdaptiveBins(step, w, (width, cell) => {
    w.line('let s = 0;');
    w.line(`for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) s += a[src + iy * ${width} + ix];`);
    w.line(`${cell} = s / ((y1 - y0) * (x1 - x0));`);
  });
}

/** adaptiveMaxPool2d: the maximum of PyTorch's bins, as adaptiveAvgPool2d averages them; NaN wins. */
export function emitAdaptiveMaxPool2d(step: StepOf<'adaptiveMaxPool2d'>, w: SourceWriter): void {
  emitAdaptiveBins(step, w, (width, cell) => {
    w.line('let m = -Infinity;');
    w.line(`for (let iy = y0; iy < y1; iy++) for (let ix = x0; ix < x1; ix++) { const v = a[src + iy * ${width} + ix]; if (v > m || v !== v) m = v; }`);
    w.line(`${cell} = m;`);
  });
}

/** The loops over each plane's output cells and their bins [y0, y1) × [x0, x1); `reduce` writes the cell's lines. */
function emitAdaptiveBins(step: StepOf<'adaptiveAvgPool2d' | 'adaptiveMaxPool2d'>, w: SourceWriter, reduce: (width: number, cell: string) => void): void {
  const [batch, channels, height, width] = step.reads.input.shape;
  const [, , outHeight, outWidth] = step.output.shape;
  w.loop('plane', batch * channels, (plane) => {
    w.line(`const src = ${plus('$in', times(plane, height * width))}, dst = ${plus('$out', times(plane, outHeight * outWidth))};`);
    w.block(`for (let y = 0; y < ${outHeight}; y++)`, () => {
      w.line(`const y0 = Math.floor(y * ${height} / ${outHeight}), y1 = Math.ceil((y + 1) * ${height} / ${outHeight});`);
      w.block(`for (let x = 0; x < ${outWidth}; x++)`, () => {
        w.line(`const x0 = Math.floor(x * ${width} / ${outWidth}), x1 = Math.ceil((x + 1) * ${width} / ${outWidth});`);
        reduce(width, `a[dst + y * ${outWidth} + x]`);
      });
    });
  });
}
