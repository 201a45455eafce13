/**
 * The page: a drawing pad, the ten probabilities as a bar chart, the target in use and the time per
 * inference. LeNet-5 runs in a worker (worker.ts); this thread draws, and sends the drawing at most
 * once per frame and only when the worker is free, keeping the newest, so a slow inference can never
 * queue up behind the pen.
 */
import type { FromWorker, ToWorker } from './protocol.js';

const element = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const pad = element<HTMLCanvasElement>('pad');
const preview = element<HTMLCanvasElement>('preview');
const bars = element<HTMLOListElement>('bars');
const prediction = element<HTMLElement>('prediction');
const targetText = element<HTMLElement>('target');
const timeText = element<HTMLElement>('time');
const benchText = element<HTMLElement>('bench');
const loadText = element<HTMLElement>('load');
const statusText = element<HTMLElement>('status');
const pen = pad.getContext('2d', { willReadFrequently: true })!;
const previewContext = preview.getContext('2d')!;

const rows = Array.from({ length: 10 }, (_, digit) => {
  const row = document.createElement('li');
  row.dataset.digit = String(digit);
  row.innerHTML = `<span class="label">${digit}</span><span class="track"><span class="fill"></span></span><span class="value">–</span>`;
  bars.append(row);
  return { row, fill: row.querySelector<HTMLElement>('.fill')!, value: row.querySelector<HTMLElement>('.value')! };
});

const worker = new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'lenet5' });
const prefer = new URLSearchParams(location.search).get('target');
worker.postMessage({ type: 'init', prefer: prefer === 'js' || prefer === 'wasm' ? prefer : 'auto' } satisfies ToWorker);

let ready = false;
let busy = false;
let pending = false;
let nextId = 0;
/** Results for drawings sent before the last clear are stale. */
let clearedAfter = 0;
let frame = 0;
/** The last inference times, for the mean shown. */
const times: number[] = [];

/** `data-busy` on the body: whether a drawing is waiting or being read (tests wait for it to clear). */
function showBusy(): void {
  document.body.dataset.busy = String(busy || pending || frame !== 0);
}

function send(): void {
  frame = 0;
  if (!ready || busy) {
    pending = true;
    showBusy();
    return;
  }
  pending = false;
  busy = true;
  const { data } = pen.getImageData(0, 0, pad.width, pad.height);
  worker.postMessage({ type: 'classify', id: ++nextId, rgba: data, width: pad.width, height: pad.height } satisfies ToWorker, [data.buffer]);
  showBusy();
}

function schedule(): void {
  if (frame === 0) frame = requestAnimationFrame(send);
  showBusy();
}

function showResult(probabilities: number[] | null, input: Float32Array | null): void {
  const best = probabilities ? probabilities.indexOf(Math.max(...probabilities)) : -1;
  prediction.textContent = best < 0 ? '–' : String(best);
  prediction.dataset.digit = best < 0 ? '' : String(best);
  rows.forEach(({ row, fill, value }, digit) => {
    const p = probabilities ? probabilities[digit] : 0;
    fill.style.width = `${(p * 100).toFixed(1)}%`;
    value.textContent = probabilities ? `${(p * 100).toFixed(1)}%` : '–';
    row.dataset.probability = probabilities ? String(p) : '';
    row.classList.toggle('best', digit === best);
  });
  const image = previewContext.createImageData(32, 32);
  for (let i = 0; i < 32 * 32; i++) {
    const level = input ? Math.round(input[i] * 255) : 0;
    image.data.set([level, level, level, 255], i * 4);
  }
  previewContext.putImageData(image, 0, 0);
}

worker.onmessage = (event: MessageEvent<FromWorker>) => {
  const message = event.data;
  if (message.type === 'ready') {
    ready = true;
    targetText.textContent = message.target === 'wasm' ? 'wasm (WebAssembly SIMD)' : 'js (plain JavaScript)';
    targetText.dataset.target = message.target;
    targetText.title = message.fallback ? `wasm not in use: ${message.fallback}` : '';
    loadText.textContent = `${message.loadMs.toFixed(0)} ms`;
    statusText.textContent = message.fallback && message.target === 'js' && prefer !== 'js' ? `Using JavaScript: ${message.fallback}` : 'Ready: draw a digit.';
    document.body.dataset.state = 'ready';
    if (pending) send();
  } else if (message.type === 'benchmark') {
    benchText.textContent = `${message.ms.toFixed(3)} ms`;
    benchText.dataset.ms = String(message.ms);
  } else if (message.type === 'result') {
    busy = false;
    if (message.id <= clearedAfter) {
      if (pending) schedule();
      showBusy();
      return;
    }
    if (message.probabilities) {
      times.push(message.ms);
      if (times.length > 50) times.shift();
      const mean = times.reduce((a, b) => a + b, 0) / times.length;
      timeText.textContent = `${mean.toFixed(2)} ms`;
      timeText.dataset.ms = String(mean);
    }
    showResult(message.probabilities, message.input);
    if (pending) schedule();
    showBusy();
  } else {
    busy = false;
    showBusy();
    statusText.textContent = `Error: ${message.message}`;
    document.body.dataset.state = 'error';
  }
};
worker.onerror = (event) => {
  statusText.textContent = `The worker failed: ${event.message}`;
  document.body.dataset.state = 'error';
};

// Drawing: pointer events cover mouse, pen and touch; coalesced events keep fast strokes smooth.
let last: { x: number; y: number } | undefined;
pen.lineCap = 'round';
pen.lineJoin = 'round';
pen.lineWidth = 20;
pen.strokeStyle = '#fff';
pen.fillStyle = '#fff';

function point(event: PointerEvent): { x: number; y: number } {
  const box = pad.getBoundingClientRect();
  return { x: ((event.clientX - box.left) / box.width) * pad.width, y: ((event.clientY - box.top) / box.height) * pad.height };
}

pad.addEventListener('pointerdown', (event) => {
  pad.setPointerCapture(event.pointerId);
  last = point(event);
  pen.beginPath();
  pen.arc(last.x, last.y, pen.lineWidth / 2, 0, 2 * Math.PI);
  pen.fill();
  schedule();
});
pad.addEventListener('pointermove', (event) => {
  if (!last) return;
  const events = typeof event.getCoalescedEvents === 'function' ? event.getCoalescedEvents() : [];
  pen.beginPath();
  pen.moveTo(last.x, last.y);
  for (const each of events.length > 0 ? events : [event]) {
    last = point(each);
    pen.lineTo(last.x, last.y);
  }
  pen.stroke();
  schedule();
});
const lift = () => {
  last = undefined;
};
pad.addEventListener('pointerup', lift);
pad.addEventListener('pointercancel', lift);

element<HTMLButtonElement>('clear').addEventListener('click', () => {
  pen.clearRect(0, 0, pad.width, pad.height);
  clearedAfter = nextId;
  pending = false;
  showResult(null, null);
  showBusy();
});
