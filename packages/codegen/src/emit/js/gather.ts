/**
 * pad, slice, permute, pixelShuffle (a `gather` step, plan/gather.ts): one loop per output dimension,
 * the source index summed from `$axes` (the per-dimension tables, end to end) as the loops nest, and
 * the elements copied in output order. A last dimension whose sources are consecutive (a slice or a
 * permutation that keeps it, constant-free padding aside) is one `copyWithin` per row. In `$axes` a
 * position inside constant padding is −2^40: any sum with it stays negative (real offsets are far
 * below 2^40), so one sign test per element tells the fill.
 */
import type { StepOf } from '../../plan/program.js';
import type { SourceWriter } from '../writer.js';
import { number } from './epilogue.js';
import { plus } from './expression.js';

const fillMark = -(2 ** 40);

/** `$axes`: every dimension's table end to end, −1 (the fill) as `fillMark`. */
export function gatherTables(step: StepOf<'gather'>): Record<string, number[]> {
  return { axes: step.attrs.axes.flatMap((axis) => axis.map((v) => (v < 0 ? fillMark : v))) };
}

/** Whether a table is first, first + 1, … (a run of consecutive sources, no fill). */
const consecutive = (axis: readonly number[]) => axis[0] >= 0 && axis.every((v, i) => v === axis[0] + i);

export function emitGather(step: StepOf<'gather'>, w: SourceWriter): void {
  const { axes, fill } = step.attrs;
  const filled = axes.some((axis) => axis.includes(-1));
  const bases = axes.map((_, d) => axes.slice(0, d).reduce((sum, axis) => sum + axis.length, 0));
  const last = axes.length - 1;
  w.comment(`output in order; source = $in + Σ $axes[base(d) + i_d]${filled ? `, or ${number(fill)} in the constant padding` : ''}`);
  w.line('let o = $out;');
  const level = (d: number, source: string): void => {
    if (d === last && consecutive(axes[d])) {
      const from = plus('$in', source, axes[d][0]);
      const copy = `a.copyWithin(o, ${from}, ${plus(from, axes[d].length)});`;
      // A row inside the constant padding of an outer dimension (its source is negative) is all fill.
      w.line(filled && source !== '0' ? `if (${source} < 0) a.fill(${number(fill)}, o, o + ${axes[d].length}); else ${copy}` : copy);
      w.line(`o += ${axes[d].length};`);
      return;
    }
    const body = (index: string | number) => {
      const here = `s${d}`;
      w.line(`const ${here} = ${plus(source, `$axes[${plus(bases[d], index)}]`)};`);
      if (d < last) level(d + 1, here);
      else w.line(filled ? `a[o++] = ${here} >= 0 ? a[$in + ${here}] : ${number(fill)};` : `a[o++] = a[$in + ${here}];`);
    };
    // A dimension of size 1 (a batch of one) needs no loop.
    if (axes[d].length === 1) body(0);
    else w.block(`for (let i${d} = 0; i${d} < ${axes[d].length}; i${d}++)`, () => body(`i${d}`));
  };
  level(0, '0');
}
