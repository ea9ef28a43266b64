import { describe, expect, it } from 'vitest';
import { parseDeviceJson } from './safe-json';

describe('parseDeviceJson', () => {
  it('drops __proto__, constructor and prototype at every depth', () => {
    const parsed = parseDeviceJson(
      '{"__proto__":{"polluted":1},"a":{"constructor":{"prototype":{"x":1}},"b":[{"__proto__":{"y":2},"c":3}]},"prototype":4}',
    ) as Record<string, unknown>;
    expect(parsed).toEqual({ a: { b: [{ c: 3 }] } });
    expect(Object.getPrototypeOf(parsed)).toBe(Object.prototype);
    expect({ ...parsed }).not.toHaveProperty('polluted');
    expect(Object.keys(parsed)).toEqual(['a']);
  });
  it('parses everything else as JSON.parse does, and throws on bad JSON', () => {
    expect(parseDeviceJson('[1,"two",{"three":null}]')).toEqual([1, 'two', { three: null }]);
    expect(() => parseDeviceJson('{"a":')).toThrow(SyntaxError);
  });
});
