/**
 * Build-time errors name the layer and the line of its call in the network's source, so a network
 * built in a loop or from plain JavaScript (fixtures/networks/loop.mjs, loaded as it is) points at its
 * mistake: the layer by its name or nn.Sequential index, the line from a stack trace captured when the
 * layer was called. Errors found later, by `model()`, point at the layer they are about.
 */
import { readFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ShapeError } from '../src/index.js';
// @ts-expect-error plain JavaScript, no declarations: the point of the fixture.
import { convs, stage, twice } from './fixtures/networks/loop.mjs';

const file = join(import.meta.dirname, 'fixtures', 'networks', 'loop.mjs');
const lines = readFileSync(file, 'utf8').split('\n');
/** `path:line:column` of the nth occurrence of `text` in the fixture (a call's site is where its name starts). */
function siteOf(text: string, nth = 0): string {
  let seen = 0;
  for (const [index, line] of lines.entries()) {
    const column = line.indexOf(text);
    if (column >= 0 && seen++ === nth) return `${relative(process.cwd(), file)}:${index + 1}:${column + 1}`;
  }
  throw new Error(`${text} is not in the fixture`);
}
function caught(call: () => unknown): ShapeError {
  try {
    call();
  } catch (error) {
    if (error instanceof ShapeError) return error;
    throw error;
  }
  throw new Error('no ShapeError');
}

describe('build-time errors name the layer and the line of its call', () => {
  it('a layer in a loop: its name, and the line in the loop', () => {
    expect(convs(3).shape).toEqual([1, 8, 4, 4]);
    const error = caught(() => convs(6));
    expect(error.sentences).toEqual(['conv2d: kernel 5 is larger than padded input 4 (input 4, padding 0, dilation 1)']);
    expect(error.layer).toBe("conv2d 'conv3'");
    expect(error.site).toBe(siteOf('conv2d('));
    expect(error.message).toBe(`conv2d: kernel 5 is larger than padded input 4 (input 4, padding 0, dilation 1)\n  at conv2d 'conv3' (${siteOf('conv2d(')})`);
    // The stack's first frame (after the message's own `at` line) is the user's call, not the DSL.
    expect(error.stack?.split('\n').find((line) => /^ {4}at /.test(line))).toContain(`${file}:${siteOf('conv2d(').split(':').slice(-2).join(':')}`);
  });
  it('a layer inside a block applied in a loop: its scoped index', () => {
    expect(stage(2).toIR().nodes.at(-1)!.shape).toEqual([1, 8, 8, 8]);
    const error = caught(() => stage(3));
    expect(error.sentences).toEqual(['add: shapes [1, 8, 6, 6] and [1, 8, 8, 8] do not broadcast (6 vs 8 at dimension 3)']);
    expect(error.layer).toBe('add');
    expect(error.site).toBe(siteOf('add(t.conv2d'));
  });
  it('an error model() finds later points at the layer it is about', () => {
    const error = caught(() => twice());
    expect(error.sentences).toEqual(["model: parameter 'proj.weight' is defined by two layers (proj and proj); give one a different name"]);
    expect(error.layer).toBe("conv2d 'proj'");
    expect(error.site).toBe(siteOf('conv2d(', 3)); // the second 'proj', not the first
  });
  it('leaves toIR() as it was: sites are not part of the IR', () => {
    expect(JSON.stringify(stage(2).toIR())).not.toContain('loop.mjs');
  });
});
