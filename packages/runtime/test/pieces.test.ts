/**
 * How a threaded run cuts a split's range into pieces (executor/threads.ts): every unit in exactly
 * one piece, in order, whatever the cut — which is what keeps the bytes those of one thread — and
 * where a split of one piece per thread is cut from the threads' measured paces.
 */
import { describe, expect, it } from 'vitest';
import { cutAt, pieceStart } from '../src/executor/threads.js';

/** The pieces' [from, to) ranges. */
const ranges = (units: number, pieces: number, cut: number) =>
  Array.from({ length: pieces }, (_, k) => [pieceStart(units, pieces, cut, k), pieceStart(units, pieces, cut, k + 1)]);

/** The pieces tile [0, units): contiguous, in order, none empty. */
function expectTiling(units: number, pieces: number, cut: number) {
  const r = ranges(units, pieces, cut);
  expect(r[0][0]).toBe(0);
  expect(r[pieces - 1][1]).toBe(units);
  for (let k = 0; k < pieces; k++) {
    expect(r[k][1]).toBeGreaterThan(r[k][0]);
    if (k > 0) expect(r[k][0]).toBe(r[k - 1][1]);
  }
}

describe('pieceStart', () => {
  it('even pieces are ⌊u·k/p⌋ and tile the range', () => {
    for (let units = 1; units <= 40; units++) {
      for (let pieces = 1; pieces <= Math.min(units, 12); pieces++) {
        expectTiling(units, pieces, -1);
        for (let k = 0; k <= pieces; k++) expect(pieceStart(units, pieces, -1, k)).toBe(Math.floor((units * k) / pieces));
      }
    }
  });

  it('a cut split gives the calling thread [0, cut) and the other threads the rest, evenly, for every cut cutAt can give', () => {
    for (const threads of [2, 3, 4]) {
      for (let units = threads; units <= 70; units++) {
        for (let cut = 1; cut <= units - (threads - 1); cut++) {
          expectTiling(units, threads, cut);
          expect(pieceStart(units, threads, cut, 1)).toBe(cut);
          const sizes = ranges(units, threads, cut).slice(1).map(([from, to]) => to - from);
          expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
        }
      }
    }
  });

  it('the starting cut, ⌊u/n⌋, is the even split on two threads', () => {
    for (let units = 2; units <= 64; units++) expect(ranges(units, 2, Math.floor(units / 2))).toEqual(ranges(units, 2, -1));
  });
});

describe('cutAt', () => {
  it('gives the calling thread its share of the threads\' speed, r / (r + n − 1) of the units', () => {
    // Workers as fast: half of 64 on two threads, a third of 63 on three.
    expect(cutAt(64, 2, 1, 20)).toBe(32);
    expect(cutAt(63, 3, 1, 10)).toBe(21);
    // A worker taking twice as long per unit: the calling thread takes two thirds.
    expect(cutAt(60, 2, 2, 30)).toBe(40);
    // A calling thread taking 1.5 times as long as its worker: 16 · (1 / 1.5) / (1 / 1.5 + 1) = 6.4.
    expect(cutAt(16, 2, 1 / 1.5, 8)).toBe(6);
  });

  it('moves only when the cut is a unit or more off', () => {
    // 64 · 1.03 / 2.03 = 32.47: stays at 32; at 33 stays too; from 31 moves to 32.
    expect(cutAt(64, 2, 1.03, 32)).toBe(32);
    expect(cutAt(64, 2, 1.03, 33)).toBe(33);
    expect(cutAt(64, 2, 1.03, 31)).toBe(32);
  });

  it('leaves every thread at least one unit, whatever the ratio', () => {
    for (const ratio of [1e-9, 1e-3, 1e3, 1e9]) {
      for (const threads of [2, 3]) {
        for (const units of [threads, 7, 16]) {
          const cut = cutAt(units, threads, ratio, Math.floor(units / threads));
          expect(cut).toBeGreaterThanOrEqual(1);
          expect(cut).toBeLessThanOrEqual(units - (threads - 1));
          expectTiling(units, threads, cut);
        }
      }
    }
  });
});
