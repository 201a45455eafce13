/**
 * The demo's Vite configuration, used by `pnpm demo` (build, then serve) and `pnpm demo --dev`
 * (Vite's dev server), and by the browser tests. Stride's plugin builds LeNet-5 for both targets; the
 * worker that imports it gets the plugin too (`worker.plugins`).
 */
import { fileURLToPath } from 'node:url';
import type { InlineConfig } from 'vite';
import { strideVite, type StridePluginOptions } from '@stride/codegen';

export const demoRoot = fileURLToPath(new URL('..', import.meta.url));
export const weights = fileURLToPath(new URL('../../lenet-mnist/weights/lenet5-mnist.safetensors', import.meta.url));

export interface DemoConfigOptions {
  /** Where `vite build` writes. @default examples/web-digits/dist */
  outDir?: string;
  /** Let the plugin rewrite src/lenet5.net.stride.d.ts when the network changes. @default true */
  declarations?: boolean;
}

export function demoConfig(options: DemoConfigOptions = {}): InlineConfig {
  const stride: StridePluginOptions = { weights, declarations: options.declarations };
  return {
    root: demoRoot,
    configFile: false,
    base: './',
    logLevel: 'warn',
    plugins: [strideVite(stride)],
    worker: { format: 'es', plugins: () => [strideVite(stride)] },
    build: { outDir: options.outDir ?? fileURLToPath(new URL('../dist', import.meta.url)), emptyOutDir: true, target: 'es2022', reportCompressedSize: false },
    server: { host: '127.0.0.1' },
  };
}
