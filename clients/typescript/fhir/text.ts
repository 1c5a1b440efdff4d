// Values in messages written the way the SDK's messages write them, so that both sides give the
// same sentences.

// Control, format, separator (but space), private-use, unassigned and combining characters are
// escaped as `\u{...}`.
const ESCAPED = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}\p{Cn}\p{Zl}\p{Zp}\p{Zs}\p{Grapheme_Extend}]/u;
const SHORT: Record<string, string> = { '\0': '\\0', '\t': '\\t', '\r': '\\r', '\n': '\\n', '\\': '\\\\', '"': '\\"' };

/** A string in double quotes, escaped as the SDK's `{:?}` escapes it. */
export function quoted(text: string): string {
  let out = '"';
  for (const c of text) {
    const codePoint = c.codePointAt(0) ?? 0;
    out += SHORT[c] ?? (c !== ' ' && ESCAPED.test(c) ? `\\u{${codePoint.toString(16)}}` : c);
  }
  return `${out}"`;
}

/** A number as the SDK writes an f64: the shortest exact digits, never an exponent. */
export function decimal(value: number): string {
  if (Object.is(value, -0)) return '-0';
  const text = String(value);
  const scientific = /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!scientific) return text;
  const [, sign, lead, fraction = '', exponentText] = scientific;
  const exponent = Number(exponentText);
  const digits = lead + fraction;
  return exponent >= 0
    ? sign + digits + '0'.repeat(exponent - fraction.length)
    : `${sign}0.${'0'.repeat(-exponent - 1)}${digits}`;
}
