/**
 * Index arithmetic for generated code that reads like hand-written code: `plus('p', 0)` is `p`,
 * `times('y', 1)` is `y`, constants fold. Only for numbers and already-safe expressions (never user text).
 */

/** `expression * factor` (parenthesized when it is a sum), the expression alone for 1, 0 for 0. */
export function times(expression: string, factor: number): string | number {
  if (factor === 0) return 0;
  if (factor === 1) return expression;
  return /[+-]/.test(expression) ? `(${expression}) * ${factor}` : `${expression} * ${factor}`;
}

/** The sum of the parts, numeric parts folded into one trailing constant, zeros dropped. */
export function plus(...parts: (string | number)[]): string {
  let constant = 0;
  const terms: string[] = [];
  for (const part of parts) {
    if (typeof part === 'number') constant += part;
    else if (part !== '') terms.push(part);
  }
  if (constant !== 0 || terms.length === 0) terms.push(String(constant));
  return terms.join(' + ');
}
