/**
 * groupNorm, instanceNorm2d and layerNorm: each of `rows` blocks of `length` consecutive elements
 * normalized by its own mean and (biased) variance, two passes in float64 as the interpreter computes
 * them, then the affine map folded into one multiply-add per element: per channel (`$w`, `$bias` [C],
 * a channel being `plane` = H·W elements of the NCHW input) or element by element within a block.
 * In place: every element is read before it is written.
 */
import type { StepOf } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { number } from './epilogue.js';
import { plus, times } from './expression.js';

export function emitNormalize(step: StepOf<'normalize'>, w: SourceWriter): void {
  const { rows, length, eps, affine } = step.attrs;
  const shape = step.reads.input.shape;
  w.loop('r', rows, (r) => {
    w.line(`const base = ${times(r, length)};`);
    w.line(`let s = 0, q = 0;`);
    w.line(`for (let i = 0; i < ${length}; i++) s += a[${plus('$in', 'base', 'i')}];`);
    w.line(`const m = s / ${length};`);
    w.line(`for (let i = 0; i < ${length}; i++) { const d = a[${plus('$in', 'base', 'i')}] - m; q += d * d; }`);
    w.line(`const inv = 1 / Math.sqrt(q / ${length} + ${number(eps)});`);
    if (affine === 'channel') {
      const [, channels, height, width] = shape;
      const plane = height * width;
      w.block(`for (let j = 0; j < ${length / plane}; j++)`, () => {
        w.line(`const c = (${plus(times(r, length / plane), 'j')}) % ${channels}, sc = inv * w[$w + c], sh = w[$bias + c] - m * sc, o = ${plus('base', times('j', plane))};`);
        w.line(`for (let i = 0; i < ${plane}; i++) a[${plus('$out', 'o', 'i')}] = a[${plus('$in', 'o', 'i')}] * sc + sh;`);
      });
    } else if (affine === 'element') {
      w.line(`for (let i = 0; i < ${length}; i++) a[${plus('$out', 'base', 'i')}] = (a[${plus('$in', 'base', 'i')}] - m) * inv * w[$w + i] + w[$bias + i];`);
    } else {
      w.line(`for (let i = 0; i < ${length}; i++) a[${plus('$out', 'base', 'i')}] = (a[${plus('$in', 'base', 'i')}] - m) * inv;`);
    }
  });
}
