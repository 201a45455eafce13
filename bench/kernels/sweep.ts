/**
 * Where real networks' time goes, kernel kind by kernel kind: every model the ONNX-import tests hold
 * (test/fixtures/onnx-import, weights seeded as those tests seed them), imported with `importOnnxFile`,
 * its input made `size`² where the graph allows it (a model whose reshapes bake its input's size, as
 * ShuffleNet's channel shuffles do, keeps its own), then `steps.ts` on it in a process of its own.
 * What led to this session's DenseNet, ShuffleNet and concat work (docs/wasm.md).
 *
 *   npx tsx bench/kernels/sweep.ts [--size 224] [--target wasm|js] [--rounds 3] [model …]
 */
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { importOnnxFile } from '@stride/codegen';
import { writeSeededWeights } from '../../test/support/seeded-onnx.js';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { size: { type: 'string', default: '224' }, target: { type: 'string', default: 'wasm' }, rounds: { type: 'string', default: '3' } } });
const fixtures = join(import.meta.dirname, '..', '..', 'test', 'fixtures', 'onnx-import');
const folder = join(import.meta.dirname, '..', 'node_modules', '.sweep');
mkdirSync(folder, { recursive: true });
const models = positionals.length > 0 ? positionals : readdirSync(fixtures).filter((f) => f.endsWith('.onnx')).map((f) => f.replace(/\.onnx$/, ''));
for (const name of models) {
  copyFileSync(join(fixtures, `${name}.onnx`), join(folder, `${name}.onnx`));
  writeSeededWeights(readFileSync(join(folder, `${name}.onnx`)), folder);
  const { sourceFile } = importOnnxFile(join(folder, `${name}.onnx`), { out: folder });
  const source = readFileSync(sourceFile, 'utf8');
  // A model exported at 32² (export_torchvision.py's SIZE) runs at `size`²; one with sizes baked into its reshapes keeps its own.
  const resized = source.replace(/input\(\[1, 3, 32, 32\]/, `input([1, 3, ${values.size}, ${values.size}]`);
  writeFileSync(sourceFile, resized);
  try {
    const out = execFileSync(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'steps.ts'), sourceFile, '--target', values.target!, '--rounds', values.rounds!], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    const lines = out.split('\n');
    process.stdout.write(`${lines[0]}\n${lines.slice(lines.indexOf('by kernel:')).join('\n')}\n`);
  } catch (error) {
    const message = String((error as { stderr?: string }).stderr ?? error).split('\n').find((line) => /Error/.test(line)) ?? String(error);
    process.stdout.write(`${name}: could not run at ${values.size}² (${message.trim()})${resized === source ? '' : '; its reshapes may fix the input size'}\n\n`);
  }
}
