/**
 * `pnpm demo`: builds the page with Vite and Stride's plugin, then serves it on 127.0.0.1 under the
 * README's Content-Security-Policy and prints the URL.
 *
 *   pnpm demo                  build and serve (port 5178, or a free one if taken)
 *   pnpm demo --port 8080      a given port
 *   pnpm demo --policy js      serve with script-src 'self' alone: the page falls back to the js target
 *   pnpm demo --isolated       cross-origin isolated (COOP/COEP, worker-src blob:): SharedArrayBuffer, so wasm threads
 *   pnpm demo --dev            Vite's dev server instead: edit the network or the page, it reloads
 */
import { parseArgs } from 'node:util';
import { build, createServer } from 'vite';
import { demoConfig } from './config.js';
import { serve, type PolicyName } from './serve.js';

const { values } = parseArgs({
  options: {
    port: { type: 'string' },
    policy: { type: 'string', default: 'wasm' },
    dev: { type: 'boolean', default: false },
    isolated: { type: 'boolean', default: false },
    help: { type: 'boolean', short: 'h', default: false },
  },
});
if (values.help) {
  process.stdout.write('usage: pnpm demo [--port N] [--policy wasm|js] [--isolated] [--dev]\n');
  process.exit(0);
}
if (values.policy !== 'wasm' && values.policy !== 'js') {
  process.stderr.write(`demo: --policy is wasm or js, got ${JSON.stringify(values.policy)}\n`);
  process.exit(2);
}
const port = values.port === undefined ? undefined : Number(values.port);
if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port < 65536)) {
  process.stderr.write(`demo: --port is a port number, got ${JSON.stringify(values.port)}\n`);
  process.exit(2);
}

if (values.dev) {
  const server = await createServer({ ...demoConfig(), logLevel: 'info', server: { host: '127.0.0.1', port: port ?? 5178 } });
  await server.listen();
  process.stdout.write(`web-digits (Vite dev server): ${server.resolvedUrls?.local[0] ?? `http://127.0.0.1:${server.config.server.port}/`}\n`);
} else {
  const config = demoConfig();
  const started = performance.now();
  await build(config);
  process.stderr.write(`built examples/web-digits/dist in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  const folder = config.build!.outDir!;
  // Isolated: COOP/COEP, and the wasm policy with worker-src blob: (threads start their workers from a Blob).
  const policy = (values.isolated && values.policy === 'wasm' ? 'threads' : values.policy) as PolicyName;
  const options = { policy, crossOriginIsolated: values.isolated };
  const served = await serve(folder, { ...options, port: port ?? 5178 })
    .catch((error: NodeJS.ErrnoException) => (port === undefined && error.code === 'EADDRINUSE' ? serve(folder, options) : Promise.reject(error)));
  process.stdout.write(`web-digits: ${served.url}  (Content-Security-Policy: ${policy} policy${values.isolated ? '; cross-origin isolated' : ''}; Ctrl-C to stop)\n`);
}
