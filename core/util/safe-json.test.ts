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
  it('drops unsafe keys spelt with escapes, and keeps the names as values', () => {
    const parsed = parseDeviceJson(
      '{"\\u005f_proto__":{"polluted":1},"a":{"constr\\u0075ctor":1,"b":"prototype"},"c":"__proto__ constructor"}',
    ) as Record<string, unknown>;
    expect(parsed).toEqual({ a: { b: 'prototype' }, c: '__proto__ constructor' });
    expect({ ...parsed }).not.toHaveProperty('polluted');
    expect(parseDeviceJson('{"a":"\\u00e9t\\u00e9","b":"x\\/y\\n"}')).toEqual({ a: 'été', b: 'x/y\n' });
  });
  it('parses everything else as JSON.parse does, and throws on bad JSON', () => {
    expect(parseDeviceJson('[1,"two",{"three":null}]')).toEqual([1, 'two', { three: null }]);
    expect(() => parseDeviceJson('{"a":')).toThrow(SyntaxError);
  });
});
