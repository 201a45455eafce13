/**
 * LeNet-5 as `stride build` writes it (weights in index.safetensors, found with
 * `new URL('./index.safetensors', import.meta.url)`), loaded as plain ES modules in Chromium under the
 * Content-Security-Policy the README recommends: the js target under `script-src 'self'`, the wasm
 * target under `script-src 'self' 'wasm-unsafe-eval'`, both matching the reference interpreter with
 * no violation reported; and the wasm target refused under `script-src 'self'`, which shows the
 * policy is in force.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { build } from '@stride/codegen';
import { contentSecurityPolicy, serve, type PolicyName, type Served } from '../../examples/web-digits/scripts/serve.js';
import { launchChromium, recordPage } from '../support/browser.js';
import { lenetNetwork, lenetWeights, referenceLogits, relativeError, seededImage } from '../support/lenet.js';

const root = join(import.meta.dirname, '..', '..');
let folder: string;
let browser: Browser;
const servers: Partial<Record<PolicyName, Served>> = {};
const image = seededImage(17);
let reference: number[];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'stride-csp-'));
  cpSync(join(import.meta.dirname, 'fixtures', 'bundle-page'), folder, { recursive: true });
  for (const target of ['js', 'wasm'] as const) {
    await build({ network: lenetNetwork, weights: lenetWeights, out: join(folder, `lenet-${target}`), target, inlineLimit: 0, log: () => {} });
  }
  [browser, servers.js, servers.wasm, reference] = await Promise.all([
    launchChromium(), serve(folder, { policy: 'js' }), serve(folder, { policy: 'wasm' }), referenceLogits(image),
  ]);
});

afterAll(async () => {
  await browser?.close();
  await Promise.all(Object.values(servers).map((s) => s.close()));
  rmSync(folder, { recursive: true, force: true });
});

async function runIn(policy: PolicyName, target: 'js' | 'wasm') {
  const page = await browser.newPage();
  const log = recordPage(page);
  try {
    const response = await page.goto(servers[policy]!.url);
    expect(response?.headers()['content-security-policy']).toBe(contentSecurityPolicy[policy]);
    await page.waitForSelector('body[data-state="ready"]', { state: 'attached' });
    const result = await page.evaluate(([t, input]) => window.strideRun(t, input), [target, image] as const);
    const violations = await page.evaluate(() => window.strideViolations);
    return { result, violations, log };
  } finally {
    await page.close();
  }
}

describe('bundles in Chromium under the README\'s Content-Security-Policy', () => {
  it("the js target runs under script-src 'self' and matches the interpreter", async () => {
    const { result, violations, log } = await runIn('js', 'js');
    expect(result).toHaveProperty('logits');
    expect(relativeError((result as { logits: number[] }).logits, reference)).toBeLessThanOrEqual(1e-5);
    expect(violations).toEqual([]);
    expect(log.errors, log.errors.join('\n')).toEqual([]);
    // The weights came from the sidecar, fetched beside the module.
    expect(log.requests.some((url) => url.endsWith('/lenet-js/index.safetensors'))).toBe(true);
  });

  it("the wasm target runs under script-src 'self' 'wasm-unsafe-eval' and matches the interpreter", async () => {
    const { result, violations, log } = await runIn('wasm', 'wasm');
    expect(result).toHaveProperty('logits');
    expect(relativeError((result as { logits: number[] }).logits, reference)).toBeLessThanOrEqual(1e-5);
    expect(violations).toEqual([]);
    expect(log.errors, log.errors.join('\n')).toEqual([]);
  });

  it("the wasm target is refused under script-src 'self' alone: the policy is in force", async () => {
    const { result, violations } = await runIn('js', 'wasm');
    expect(result).toHaveProperty('error');
    // The wasm executor says why, and what to do: allow 'wasm-unsafe-eval', or build for js.
    expect((result as { error: string }).error).toMatch(/cannot compile its WebAssembly module.*Content Security.*'wasm-unsafe-eval'.*--target js/s);
    expect((result as { code?: string }).code).toBe('graph');
    expect(violations.join('\n')).toMatch(/script-src/);
  });

  it('the README recommends these two policies, word for word', () => {
    const readme = readFileSync(join(root, 'README.md'), 'utf8');
    expect(readme).toContain(contentSecurityPolicy.wasm);
    expect(readme).toContain(contentSecurityPolicy.js);
  });
});
