/**
 * mean: loops over the kept runs of the input's axes around loops over the reduced runs
 * (`meanRuns`), each output element the float64 sum of its inputs divided by their count, written in
 * order. Not in place: an output element is written before the inputs of the next are read.
 */
import type { StepOf } from '../../plan/program.js';
import { meanCount, meanRuns } from '../../plan/mean.js';
import type { SourceWriter } from '../writer.js';
import { number } from './epilogue.js';
import { plus, times, type Index } from './expression.js';

export function emitMean(step: StepOf<'mean'>, w: SourceWriter): void {
  const runs = meanRuns(step);
  const kept = runs.filter((run) => !run.reduced);
  const reduced = runs.filter((run) => run.reduced);
  const count = meanCount(step);
  w.line('let o = 0;');
  const keptLoops = (k: number, offsets: Index[]): void => {
    if (k === kept.length) {
      w.line('let s = 0;');
      const reducedLoops = (r: number, inner: Index[]): void => {
        if (r === reduced.length) {
          w.line(`s += a[${plus('$in', ...inner)}];`);
          return;
        }
        w.loop(`r${r}`, reduced[r].size, (index) => reducedLoops(r + 1, [...inner, times(index, reduced[r].stride)]));
      };
      reducedLoops(0, offsets);
      w.line(`a[$out + o++] = s / ${number(count)};`);
      return;
    }
    w.loop(`k${k}`, kept[k].size, (index) => keptLoops(k + 1, [...offsets, times(index, kept[k].stride)]));
  };
  keptLoops(0, []);
}
