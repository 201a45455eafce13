/**
 * A small source writer: lines with indentation, blocks, and the only ways user text may reach
 * generated code — `userText()` inside a `comment()` (sanitized and capped) and `literal()`
 * (JSON-escaped). Emitters never concatenate code strings across files; they write through this.
 */
export class SourceWriter {
  private readonly lines: string[] = [];
  private depth = 0;

  line(text = ''): this {
    this.lines.push(text === '' ? '' : '  '.repeat(this.depth) + text);
    return this;
  }

  /** `header {`, the body indented, `}`; a bare `{ … }` scope when the header is empty. */
  block(header: string, body: () => void, footer = '}'): this {
    this.line(header === '' ? '{' : `${header} {`);
    this.depth++;
    body();
    this.depth--;
    return this.line(footer);
  }

  /** `if (condition) { … } else { … }`. */
  branch(condition: string, then: () => void, otherwise: () => void): this {
    this.block(`if (${condition})`, then, '} else {');
    this.depth++;
    otherwise();
    this.depth--;
    return this.line('}');
  }

  /**
   * `for (let v = 0; v < count; v++) { … }`, or the body alone in a `{ … }` scope when it would run
   * once. The body gets the index to build its expressions from: the variable's name, or the number
   * 0 for a single iteration, so `plus` and `times` (expression.ts) fold it away — no `const v = 0`
   * followed by `v * 400`. A loop of one iteration is noise to read, and its increment would be code
   * the JIT has no feedback for when it optimizes the loop inside (a deoptimization on the way out).
   */
  loop(variable: string, count: number | string, body: (index: string | number) => void): this {
    if (count === 1) return this.block('', () => body(0));
    return this.block(`for (let ${variable} = 0; ${variable} < ${count}; ${variable}++)`, () => body(variable));
  }

  /**
   * A `//` comment of the compiler's own text, kept whole; it is still cleaned so it can never end
   * the comment or the line. User text goes through `userText()` first.
   */
  comment(text: string): this {
    return this.line(`// ${cleanComment(text)}`);
  }

  toString(): string {
    return `${this.lines.join('\n')}\n`;
  }
}

/**
 * Text safe inside a line comment: no line terminators (\n, \r, U+2028, U+2029), no other control
 * characters, no `*​/`, no backticks or `${`.
 */
function cleanComment(text: string): string {
  return [...text]
    .map((ch) => (/[\p{Cc}\p{Cf}\u2028\u2029\p{Zl}\p{Zp}]/u.test(ch) ? ' ' : ch))
    .join('')
    .replace(/\*\//g, '* /')
    .replace(/`/g, "'")
    .replace(/\$\{/g, '$ {');
}

/** User text (a model, layer or tensor name) for a comment: cleaned as `comment()` does, at most 120 characters. */
export function userText(text: string): string {
  const cleaned = cleanComment(text);
  return cleaned.length > 120 ? `${cleaned.slice(0, 117)}...` : cleaned;
}

/** A JavaScript string literal for any text (JSON's escaping plus the two line separators). */
export function literal(text: string): string {
  return JSON.stringify(text).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * Bytes as a JavaScript string literal of one character per byte (the runtime's `decodeByteString`
 * reads it back): printable ASCII as itself, everything else as \xNN — quotes, backslashes, line
 * breaks and `<` too, so the literal also sits safely in a script tag. Gzip then sees the bytes'
 * own repetitions, which base64's 6-bit regrouping hides: ResNet-18's module, after esbuild's
 * minification, gzips to 17.2 KB this way against 31.2 KB as base64 (the raw bytes: 13.7 KB).
 */
export function byteLiteral(bytes: Uint8Array): string {
  let text = '"';
  for (const byte of bytes) {
    const plain = byte >= 0x20 && byte < 0x7f && byte !== 0x22 && byte !== 0x5c && byte !== 0x3c;
    text += plain ? String.fromCharCode(byte) : `\\x${byte.toString(16).padStart(2, '0')}`;
  }
  return `${text}"`;
}
