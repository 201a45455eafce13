/**
 * LeNet-5 compiled for both targets by Stride's plugin (`?stride=wasm`, `?stride=js`), and the
 * choice between them: WebAssembly SIMD where the browser and the page's Content-Security-Policy
 * allow it (`'wasm-unsafe-eval'`), plain JavaScript otherwise.
 */
import { create as createJs } from './lenet5.net.ts?stride=js';
import { create as createWasm } from './lenet5.net.ts?stride=wasm';

export type TargetName = 'wasm' | 'js';

export type Network = Awaited<ReturnType<typeof createJs>>;

export interface Loaded {
  network: Network;
  target: TargetName;
  /** Why wasm is not in use, when it is not. */
  fallback?: string;
}

export async function load(prefer: TargetName | 'auto'): Promise<Loaded> {
  if (prefer === 'js') return { network: await createJs(), target: 'js', fallback: 'js was asked for' };
  try {
    // Served cross-origin isolated (`pnpm demo --isolated`: COOP/COEP), the page has SharedArrayBuffer
    // and the wasm target may run on 2 threads; LeNet-5 has no layer worth splitting, so it reports 1.
    const isolated = (globalThis as { crossOriginIsolated?: boolean }).crossOriginIsolated === true;
    return { network: await createWasm({ threads: isolated ? 2 : 1 }), target: 'wasm' };
  } catch (error) {
    if (prefer === 'wasm') throw error;
    // A CSP without 'wasm-unsafe-eval' refuses to compile the module; a browser without SIMD refuses it too.
    return { network: await createJs(), target: 'js', fallback: error instanceof Error ? error.message : String(error) };
  }
}
