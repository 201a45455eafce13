/**
 * TensorFlow.js, CPU (pure JavaScript) and WebAssembly backends, running a graph built from Stride's IR
 * with tf ops. TF.js convolutions are NHWC: the input is transposed once, weights are re-laid out at
 * load (OIHW → HWIO, depthwise → HWC1), and the tensor returns to NCHW before a flatten so the
 * features meet the linear layer in PyTorch's order.
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type * as tfTypes from '@tensorflow/tfjs-core';
import type { Node } from '@stride/dsl';
import { loadSafetensors } from '@stride/runtime';
import { bundleGzipBytes, gzipFileBytes } from '../bytes.js';
import type { Engine, Job, Session } from '../engine.js';

type Tf = typeof tfTypes;
type Tensor = tfTypes.Tensor;
const require = createRequire(import.meta.url);

/** Weights as tf tensors in the layouts the ops want, created on the active backend. */
function loadWeights(tf: Tf, graph: Job['graph'], weights: Map<string, Float32Array>): Map<string, Tensor> {
  const out = new Map<string, Tensor>();
  for (const node of graph.nodes) {
    for (const [role, param] of Object.entries(node.params as Record<string, { name: string; shape: number[] } | undefined>)) {
      if (!param) continue;
      let tensor: Tensor = tf.tensor(weights.get(param.name)!, param.shape);
      if (node.op === 'conv2d' && role === 'weight') {
        // OIHW → HWIO; a depthwise conv (groups = in channels, 1 input channel per group) → HWC·m then HWCm.
        const depthwise = node.attrs.groups > 1 && node.attrs.groups === node.attrs.inChannels;
        const [o, , kh, kw] = param.shape;
        tensor = depthwise
          ? tf.reshape(tf.transpose(tensor, [2, 3, 0, 1]), [kh, kw, node.attrs.inChannels, o / node.attrs.inChannels])
          : tf.transpose(tensor, [2, 3, 1, 0]);
      }
      out.set(param.name, tensor);
    }
  }
  return out;
}

function unsupported(node: Node, what: string): never {
  throw new Error(`tfjs engine: ${node.op} '${node.name}' (${node.id}): ${what} is not built by the benchmark's tf graph`);
}

/** Runs the IR node by node with tf ops (inside tf.tidy, so intermediates are freed). Layout: NHWC for rank 4. */
function forward(tf: Tf, job: Job, weights: Map<string, Tensor>, input: Tensor): Tensor {
  const values = new Map<string, Tensor>();
  const p = (node: Node, role: string) => weights.get((node.params as Record<string, { name: string }>)[role].name)!;
  for (const node of job.graph.nodes) {
    const x = values.get(node.inputs[0])!;
    let y: Tensor;
    switch (node.op) {
      case 'input': y = tf.transpose(input, [0, 2, 3, 1]); break;
      case 'conv2d': {
        const { padding, stride, dilation, groups, inChannels, paddingMode } = node.attrs;
        if (paddingMode !== 'zeros') unsupported(node, `padding mode '${paddingMode}'`);
        const pad: [[number, number], [number, number], [number, number], [number, number]] = [[0, 0], [padding.top, padding.bottom], [padding.left, padding.right], [0, 0]];
        if (groups === 1) y = tf.conv2d(x as tfTypes.Tensor4D, p(node, 'weight') as tfTypes.Tensor4D, stride, pad, 'NHWC', dilation);
        else if (groups === inChannels) y = tf.depthwiseConv2d(x as tfTypes.Tensor4D, p(node, 'weight') as tfTypes.Tensor4D, stride, pad, 'NHWC', dilation);
        else unsupported(node, `grouped convolution (groups ${groups})`);
        if (node.attrs.bias) y = tf.add(y, p(node, 'bias'));
        break;
      }
      case 'batchNorm2d':
        y = tf.batchNorm(x, p(node, 'running_mean'), p(node, 'running_var'), p(node, 'bias'), p(node, 'weight'), node.attrs.eps);
        break;
      case 'maxPool2d': {
        const { kernelSize, stride, padding, dilation } = node.attrs;
        if (dilation[0] !== 1 || dilation[1] !== 1) unsupported(node, 'dilation');
        // Pad with −∞ explicitly so that ceil mode's extra window (if any) sees padding, never a wrong value.
        const [, , outH, outW] = node.shape as number[];
        const [, inH, inW] = x.shape;
        const extraH = Math.max(0, (outH - 1) * stride[0] + kernelSize[0] - (inH + 2 * padding[0]));
        const extraW = Math.max(0, (outW - 1) * stride[1] + kernelSize[1] - (inW + 2 * padding[1]));
        const padded = padding[0] + padding[1] + extraH + extraW > 0
          ? tf.pad(x, [[0, 0], [padding[0], padding[0] + extraH], [padding[1], padding[1] + extraW], [0, 0]], -Infinity)
          : x;
        y = tf.maxPool(padded as tfTypes.Tensor4D, kernelSize, stride, 'valid');
        break;
      }
      case 'adaptiveAvgPool2d':
        if (node.attrs.outputSize[0] !== 1 || node.attrs.outputSize[1] !== 1) unsupported(node, `output size ${node.attrs.outputSize.join('×')}`);
        y = tf.mean(x, [1, 2], true);
        break;
      case 'flatten': {
        const nchw = x.rank === 4 ? tf.transpose(x, [0, 3, 1, 2]) : x;
        y = tf.reshape(nchw, [job.batch, -1]);
        if (node.attrs.startDim !== 1 || (node.attrs.endDim !== -1 && node.attrs.endDim !== x.rank - 1)) unsupported(node, 'a flatten other than from dim 1 to the end');
        break;
      }
      case 'linear':
        y = tf.matMul(x, p(node, 'weight'), false, true);
        if (node.attrs.bias) y = tf.add(y, p(node, 'bias'));
        break;
      case 'relu': y = tf.relu(x); break;
      case 'relu6': y = tf.relu6(x); break;
      case 'dropout': y = x; break;
      case 'add': y = tf.add(x, values.get(node.inputs[1])!); break;
      case 'concat':
        if (node.attrs.dim !== 1 || x.rank !== 4) unsupported(node, `concat on dim ${node.attrs.dim}`);
        y = tf.concat(node.inputs.map((id) => values.get(id)!), 3);
        break;
      default:
        unsupported(node, 'this op');
    }
    values.set(node.id, y);
  }
  const result = values.get(job.graph.outputs[0].node)!;
  return result.rank === 4 ? tf.transpose(result, [0, 3, 1, 2]) : result;
}

async function openTf(job: Job, backend: 'cpu' | 'wasm'): Promise<Session> {
  const tf = await import('@tensorflow/tfjs-core');
  if (backend === 'cpu') {
    await import('@tensorflow/tfjs-backend-cpu');
  } else {
    const wasm = await import('@tensorflow/tfjs-backend-wasm');
    // Node loads the .wasm files from the npm package itself; the threaded build needs workers, so the
    // multithreaded setting asks for the SIMD build's thread count only where the backend supports it.
    wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`);
    // The count is read when the backend initializes, once per process: a threaded session after a
    // single-threaded one reports the count it got (getThreadsCount), never the one it asked for.
    wasm.setThreadsCount(job.threads);
  }
  await tf.setBackend(backend);
  await tf.ready();
  const weights = loadWeights(tf, job.graph, new Map([...(await loadSafetensors(join(job.dir, 'weights.safetensors'))).tensors].map(([k, t]) => [k, t.data!])));
  const threads = backend === 'wasm' ? (await import('@tensorflow/tfjs-backend-wasm')).getThreadsCount() : 1;
  return {
    threads,
    async run(data) {
      // Engines share one tfjs-core: make this one's backend current (a no-op when it already is).
      if (tf.getBackend() !== backend) await tf.setBackend(backend);
      const output = tf.tidy(() => forward(tf, job, weights, tf.tensor(data, job.inputShape)));
      const values = (await output.data()) as Float32Array;
      output.dispose();
      return values;
    },
    async close() {
      for (const tensor of weights.values()) tensor.dispose();
    },
  };
}

const tfjsCodeBytes = (backend: string) =>
  bundleGzipBytes(`export * from '@tensorflow/tfjs-core'; export * from '@tensorflow/tfjs-backend-${backend}';`, []);

export const tfjsCpu: Engine = {
  name: 'tfjs-cpu',
  async prepare(job) {
    return { codeBytesGzip: await tfjsCodeBytes('cpu'), binaryBytesGzip: 0, weightBytes: paramBytes(job) };
  },
  open: (job) => openTf(job, 'cpu'),
};

export const tfjsWasm: Engine = {
  name: 'tfjs-wasm',
  threaded: true,
  threadsPerProcess: true,
  async prepare(job) {
    const dist = `${dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json'))}/dist/`;
    return { codeBytesGzip: await tfjsCodeBytes('wasm'), binaryBytesGzip: gzipFileBytes(join(dist, 'tfjs-backend-wasm-simd.wasm')), weightBytes: paramBytes(job) };
  },
  open: (job) => openTf(job, 'wasm'),
};

/** float32 parameter bytes, as the weights would ship in TF.js's own binary shards. */
function paramBytes(job: Job): number {
  let floats = 0;
  for (const node of job.graph.nodes) {
    for (const param of Object.values(node.params as Record<string, { shape: number[] } | undefined>)) {
      if (param) floats += param.shape.reduce((a, b) => a * b, 1);
    }
  }
  return floats * 4;
}
