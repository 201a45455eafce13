/**
 * The web-digits demo in Chromium, built as `pnpm demo` builds it (Vite and Stride's plugin) and
 * served by its own server under the README's Content-Security-Policy: digits drawn through mouse
 * events and a finger (touch events) are read back from the page, LeNet-5 running in a worker with
 * the wasm target; offline once loaded, with no request leaving the page's origin; and with the js
 * target when the policy leaves out 'wasm-unsafe-eval'; and under Vite's dev server. Writes a screenshot after drawing to
 * test/browser/artifacts/web-digits.png, and prints the time per inference for both targets and the
 * bytes the page transferred.
 */
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { build, createServer } from 'vite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoConfig } from '../../examples/web-digits/scripts/config.js';
import { serve, type PolicyName, type Served } from '../../examples/web-digits/scripts/serve.js';
import { launchChromium, recordPage } from '../support/browser.js';

export const screenshotPath = join(import.meta.dirname, 'artifacts', 'web-digits.png');

/** Strokes of each digit, in fractions of the pad's width and height, drawn as a person would. */
const strokes: Record<number, [number, number][][]> = {
  0: [Array.from({ length: 33 }, (_, i) => [0.5 + 0.22 * Math.sin((i / 32) * 2 * Math.PI), 0.5 - 0.32 * Math.cos((i / 32) * 2 * Math.PI)] as [number, number])],
  1: [[[0.5, 0.15], [0.5, 0.85]]],
  7: [[[0.25, 0.2], [0.75, 0.2], [0.45, 0.85]]],
};

/** The points of a stroke every ~10 pad pixels, in page coordinates. */
function trace(stroke: [number, number][], box: { x: number; y: number; width: number; height: number }): { x: number; y: number }[] {
  const points: { x: number; y: number }[] = [];
  for (let i = 0; i + 1 < stroke.length; i++) {
    const [[x0, y0], [x1, y1]] = [stroke[i], stroke[i + 1]];
    const steps = Math.max(1, Math.ceil((Math.hypot((x1 - x0) * box.width, (y1 - y0) * box.height)) / 10));
    for (let s = 0; s < steps; s++) points.push({ x: box.x + (x0 + ((x1 - x0) * s) / steps) * box.width, y: box.y + (y0 + ((y1 - y0) * s) / steps) * box.height });
  }
  const [x, y] = stroke[stroke.length - 1];
  points.push({ x: box.x + x * box.width, y: box.y + y * box.height });
  return points;
}

async function padBox(page: Page) {
  const box = await page.locator('#pad').boundingBox();
  if (!box) throw new Error('the drawing pad is not on the page');
  return box;
}

/** Clears the pad: the page drops results for drawings before it, so the next result read is the new drawing's. */
async function clear(page: Page) {
  await page.click('#clear');
  expect(await page.evaluate(() => document.getElementById('prediction')!.dataset.digit)).toBe('');
}

/** Draws with the mouse: down, moves, up, per stroke. */
async function drawWithMouse(page: Page, digit: number) {
  const box = await padBox(page);
  for (const stroke of strokes[digit]) {
    const [first, ...rest] = trace(stroke, box);
    await page.mouse.move(first.x, first.y);
    await page.mouse.down();
    for (const point of rest) await page.mouse.move(point.x, point.y);
    await page.mouse.up();
  }
}

/** Draws with a finger: touch events, as a phone sends them (the page sees pointer events of type touch). */
async function drawWithFinger(page: Page, digit: number) {
  const box = await padBox(page);
  const cdp = await page.context().newCDPSession(page);
  for (const stroke of strokes[digit]) {
    const [first, ...rest] = trace(stroke, box);
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchStart', touchPoints: [first] });
    for (const point of rest) await cdp.send('Input.dispatchTouchEvent', { type: 'touchMove', touchPoints: [point] });
    await cdp.send('Input.dispatchTouchEvent', { type: 'touchEnd', touchPoints: [] });
  }
  await cdp.detach();
}

/** Waits for the worker's answer to the finished drawing, then reads the page. */
async function readPrediction(page: Page) {
  // The page sends the newest drawing whenever the worker is free: wait until none is waiting or in
  // flight (and the benchmark the worker runs after loading has reported).
  await page.waitForFunction(() => document.body.dataset.busy === 'false' && document.getElementById('prediction')!.dataset.digit !== ''
    && document.getElementById('bench')!.dataset.ms !== undefined);
  return page.evaluate(() => ({
    digit: Number(document.getElementById('prediction')!.dataset.digit),
    probabilities: [...document.querySelectorAll<HTMLElement>('#bars li')].map((row) => Number(row.dataset.probability)),
    target: document.getElementById('target')!.dataset.target,
    timeMs: Number(document.getElementById('time')!.dataset.ms),
    benchMs: Number(document.getElementById('bench')!.dataset.ms),
    status: document.getElementById('status')!.textContent,
  }));
}

let work: string;
let browser: Browser;
const served: Partial<Record<PolicyName, Served>> = {};
const measured: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(join(tmpdir(), 'stride-web-digits-'));
  await build(demoConfig({ outDir: work, declarations: false }));
  [browser, served.wasm, served.js] = await Promise.all([launchChromium(), serve(work, { policy: 'wasm' }), serve(work, { policy: 'js' })]);
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all(Object.values(served).map((s) => s.close()));
  if (work) rmSync(work, { recursive: true, force: true });
  if (measured.length > 0) console.log(`web-digits in Chromium: ${measured.join('; ')}`);
});

async function open(policy: PolicyName, options: { hasTouch?: boolean } = {}): Promise<{ context: BrowserContext; page: Page; log: ReturnType<typeof recordPage> }> {
  const context = await browser.newContext({ viewport: { width: 900, height: 620 }, hasTouch: options.hasTouch });
  const page = await context.newPage();
  const log = recordPage(page);
  await page.goto(served[policy]!.url);
  await page.waitForSelector('body[data-state="ready"]', { state: 'attached', timeout: 30_000 });
  return { context, page, log };
}

describe('the web-digits demo in Chromium', () => {
  it('reads digits drawn with the mouse, LeNet-5 on the wasm target in a worker; screenshot after drawing', async () => {
    const { context, page, log } = await open('wasm');
    try {
      expect(page.workers()).toHaveLength(1);
      for (const digit of [0, 1, 7]) {
        await clear(page);
        await drawWithMouse(page, digit);
        const read = await readPrediction(page);
        expect(read.digit, `drew ${digit}, read ${JSON.stringify(read)}`).toBe(digit);
        expect(read.probabilities[digit]).toBeGreaterThan(0.5);
        expect(read.probabilities.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
        expect(read.target).toBe('wasm');
        expect(read.timeMs).toBeGreaterThanOrEqual(0);
        if (digit === 7) measured.push(`wasm ${read.benchMs.toFixed(3)} ms per inference (median of 7 batches of 100 runs in the worker)`);
      }
      mkdirSync(join(import.meta.dirname, 'artifacts'), { recursive: true });
      await page.screenshot({ path: screenshotPath });
      expect(log.errors, log.errors.join('\n')).toEqual([]);
      // Bytes: what the page fetched to get here, worker, weights and all (the server does not compress).
      let bytes = 0;
      for (const url of new Set(log.requests)) {
        const response = await page.request.get(url);
        bytes += (await response.body()).byteLength;
      }
      measured.push(`the page transferred ${(bytes / 1024).toFixed(1)} KiB in ${new Set(log.requests).size} requests`);
    } finally {
      await context.close();
    }
  });

  it('reads a digit drawn with a finger (touch events)', async () => {
    const { context, page, log } = await open('wasm', { hasTouch: true });
    try {
      await drawWithFinger(page, 7);
      const read = await readPrediction(page);
      expect(read.digit, JSON.stringify(read)).toBe(7);
      expect(log.errors, log.errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it('works offline once loaded, and no request ever leaves its origin', async () => {
    const { context, page, log } = await open('wasm');
    try {
      await context.setOffline(true);
      await drawWithMouse(page, 1);
      expect((await readPrediction(page)).digit).toBe(1);
      const origin = new URL(served.wasm!.url).origin;
      expect(log.requests.length).toBeGreaterThan(0);
      expect(log.requests.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("falls back to the js target under script-src 'self' without 'wasm-unsafe-eval', and says why", async () => {
    const { context, page, log } = await open('js');
    try {
      await drawWithMouse(page, 7);
      const read = await readPrediction(page);
      expect(read.digit, JSON.stringify(read)).toBe(7);
      expect(read.target).toBe('js');
      expect(read.status).toMatch(/^Using JavaScript: .*wasm-unsafe-eval/);
      measured.push(`js ${read.benchMs.toFixed(3)} ms per inference (median of 7 batches of 100 runs in the worker)`);
      // The refusal is the policy at work, reported as a violation, and nothing else went wrong.
      expect(log.errors.filter((e) => !/Content Security Policy|unsafe-eval/.test(e)), log.errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
    }
  });

  it("runs under Vite's dev server too: the plugin serves the weights, the worker imports ?stride", async () => {
    const server = await createServer({ ...demoConfig({ declarations: false }), logLevel: 'silent', server: { host: '127.0.0.1', port: 0 } });
    const context = await browser.newContext({ viewport: { width: 900, height: 620 } });
    try {
      await server.listen();
      const page = await context.newPage();
      const log = recordPage(page);
      await page.goto(server.resolvedUrls!.local[0]);
      await page.waitForSelector('body[data-state="ready"]', { state: 'attached', timeout: 60_000 });
      await drawWithMouse(page, 1);
      const read = await readPrediction(page);
      expect(read.digit, JSON.stringify(read)).toBe(1);
      expect(read.target).toBe('wasm');
      expect(log.requests.filter((url) => url.includes('/@stride/weights/'))).toHaveLength(1);
      expect(log.errors, log.errors.join('\n')).toEqual([]);
    } finally {
      await context.close();
      await server.close();
    }
  }, 90_000);
});
