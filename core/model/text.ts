/**
 * Device-supplied strings are untrusted: strip control and bidirectional-override
 * characters (which can disguise a name, e.g. "‮gnp.exe") and cap the length.
 */
// C0/C1 controls, bidi embeddings/overrides/isolates, zero-width joiners and the BOM.
const UNSAFE_CHARS = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;

export const MAX_NAME_LENGTH = 64;

export function cleanText(input: unknown, maxLength = MAX_NAME_LENGTH): string {
  if (typeof input !== 'string') return '';
  const cleaned = input.replace(UNSAFE_CHARS, '').replace(/\s+/g, ' ').trim();
  if (cleaned.length <= maxLength) return cleaned;
  return `${Array.from(cleaned)
    .slice(0, maxLength - 1)
    .join('')}…`;
}
