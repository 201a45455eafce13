/**
 * Index arithmetic for generated code that reads like hand-written code: constants fold, zeros and
 * ones vanish — `plus('p', 0)` is `p`, `times('y', 1)` is `y`, `times(0, 400)` is 0, and a loop that
 * runs once hands its body the number 0 instead of a variable (`SourceWriter.loop`), so its
 * expressions fold too. Only for numbers and already-safe expressions (never user text).
 */

/** An index expression: generated code, or a number known at build time. */
export type Index = string | number;

/** `expression * factor`, parenthesized when it is a sum; folded when either side is a constant. */
export function times(expression: Index, factor: number): Index {
  if (typeof expression === 'number') return expression * factor;
  if (factor === 0) return 0;
  if (factor === 1) return expression;
  return /[+-]/.test(expression) ? `(${expression}) * ${factor}` : `${expression} * ${factor}`;
}

/** The sum of the parts, numeric parts folded into one trailing constant, zeros dropped. */
export function plus(...parts: Index[]): string {
  let constant = 0;
  const terms: string[] = [];
  for (const part of parts) {
    if (typeof part === 'number') constant += part;
    else if (/^-?\d+$/.test(part)) constant += Number(part);
    else if (part !== '') terms.push(part);
  }
  if (terms.length === 0) return String(constant);
  const text = terms.join(' + ');
  return constant > 0 ? `${text} + ${constant}` : constant < 0 ? `${text} - ${-constant}` : text;
}

/** `plus`, but a number when every part is one (for offsets computed from loop indices that folded). */
export function sum(...parts: Index[]): Index {
  const text = plus(...parts);
  return /^-?\d+$/.test(text) ? Number(text) : text;
}
