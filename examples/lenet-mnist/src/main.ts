/**
 * The main job: build LeNet-5 into a bundle, classify the 2,004 held-out MNIST digits with it, and
 * report accuracy, speed, bundle size — and one digit drawn in the terminal beside its prediction.
 * Run from the repository root: `npx -y pnpm@10 start`.
 */
import { softmax, topK } from '@stride/runtime';
import { classifyHeldOut } from './classify.js';
import { drawDigit } from './digits.js';

const result = await classifyHeldOut({ log: (line) => process.stderr.write(`${line}\n`) });
const { digits, predictions, logits } = result;
const pick = digits.findIndex((d, i) => d.label === 7 && predictions[i] === 7);
const probabilities = softmax(logits.subarray(pick * 10, pick * 10 + 10));
const ranked = topK(probabilities, 3, ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']);
const drawing = drawDigit(digits[pick].pixels);
const side = [
  `held-out digit #${pick}`,
  `label:      ${digits[pick].label}`,
  `prediction: ${predictions[pick]}`,
  '',
  ...ranked.map((r) => `  ${r.label}  ${(r.value * 100).toFixed(2).padStart(6)} %`),
];
console.log('');
drawing.forEach((line, i) => console.log(`  ${line}   ${side[i] ?? ''}`));
console.log('');
console.log(`LeNet-5 on ${digits.length} held-out MNIST digits (the last 20% of each class of the mnist package)`);
console.log(`  accuracy:          ${(result.accuracy * 100).toFixed(2)} %`);
console.log(`  same as PyTorch:   ${(result.agreement * 100).toFixed(2)} % of predictions; max |logit difference| ${result.maxAbsDiff.toExponential(2)}`);
console.log(`  time per image:    ${result.microsecondsPerImage.toFixed(1)} µs (median of 7 rounds, one thread, ${result.report.target} target)`);
console.log(`  bundle:            ${(result.report.codeBytesGzip / 1024).toFixed(1)} KB code gzipped + ${(result.report.weightBytes / 1024).toFixed(0)} KB weights (${result.report.weightsInline ? 'inline' : 'sidecar'}), arena ${(result.report.arenaBytes / 1024).toFixed(1)} KB`);
console.log(`  written to:        examples/lenet-mnist/out/index.js (+ index.d.ts, report.md)`);
