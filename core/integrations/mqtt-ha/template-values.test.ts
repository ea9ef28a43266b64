/** Found by the resilience fuzz (core/resilience/fuzz.resilience.test.ts): a template naming an inherited function. */
import { describe, expect, it } from 'vitest';
import { payloadVariables, renderTemplate } from './template';
import { toText } from './template-values';

describe('a value that is not data', () => {
  it('renders as nothing instead of throwing a TypeError', () => {
    expect(toText((() => 1) as never)).toBe('');
    for (const source of ['{{ constructor }}', '{{ toString }}', '{{ value_json.valueOf }}'])
      expect(() => renderTemplate(source, payloadVariables('{"a":1}'))).not.toThrow(TypeError);
  });
});
