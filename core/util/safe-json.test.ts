import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { dropUnsafeKeys, parseDeviceJson } from './safe-json';

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
  it('drops unsafe keys spelt with escapes', () => {
    const parsed = parseDeviceJson('{"\\u005f_proto__":{"polluted":1},"\\u0063onstructor":2,"ok":"a\\"b"}');
    expect(parsed).toEqual({ ok: 'a"b' });
    expect(Object.keys(parsed as object)).toEqual(['ok']);
  });
  it('gives what JSON.parse with the reviver gives, for any JSON', () => {
    const key = fc.oneof(fc.string(), fc.constantFrom('__proto__', 'constructor', 'prototype', 'proto', 'state'));
    const json = fc.letrec((tie) => ({
      value: fc.oneof(
        { depthSize: 'small' },
        fc.string(),
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        fc.boolean(),
        fc.constant(null),
        fc.array(tie('value'), { maxLength: 4 }),
        fc.dictionary(key, tie('value'), { maxKeys: 4 }),
      ),
    })).value;
    fc.assert(
      fc.property(json, (value) => {
        const text = JSON.stringify(value);
        expect(parseDeviceJson(text)).toStrictEqual(JSON.parse(text, dropUnsafeKeys));
      }),
    );
  });
});
