import { describe, expect, it } from 'vitest';
import { sameJsonValue } from './integration';

describe('sameJsonValue', () => {
  it('compares parsed JSON by structure, key order included', () => {
    expect(sameJsonValue({ a: [1, 'x', { b: null }] }, { a: [1, 'x', { b: null }] })).toBe(true);
    expect(sameJsonValue({ a: 1, b: 2 }, { b: 2, a: 1 })).toBe(false);
    expect(sameJsonValue({ a: [1] }, { a: { 0: 1 } })).toBe(false);
    expect(sameJsonValue({ a: 1 }, { a: 1, b: undefined })).toBe(false);
    expect(sameJsonValue([1, 2], [1, 2, 3])).toBe(false);
    expect(sameJsonValue(null, {})).toBe(false);
    expect(sameJsonValue('1', 1)).toBe(false);
  });
});
