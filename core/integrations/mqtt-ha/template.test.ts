import { describe, expect, it } from 'vitest';
import { compileTemplate, MAX_TEMPLATE_LENGTH, payloadVariables, renderTemplate, TemplateError } from './template';

const TRV_ACTION =
  "{% set values = {None:None,'idle':'idle','heat':'heating','cool':'cooling','fan_only':'fan'} %}{{ values[value_json[\"running_state\"]] }}";

describe('template: what producers publish', () => {
  const cases: [string, string, string, string][] = [
    // [source of the template, template, payload, expected text]
    ['z2m current', '{{ value_json["temperature"] }}', '{"temperature":-0.85}', '-0.85'],
    ['z2m legacy', '{{ value_json.occupancy }}', '{"occupancy":true}', 'True'],
    ['z2m availability', '{{ value_json.state }}', '{"state":"online"}', 'online'],
    ['z2m null value', '{{ value_json["humidity"] }}', '{"humidity":null}', 'None'],
    ['missing key renders nothing', '{{ value_json["occupancy"] }}', '{"battery":100}', ''],
    ['Tasmota legacy', '{{value_json.POWER1}}', '{"POWER1":"ON"}', 'ON'],
    ['single-quoted key', "{{ value_json['state_left'] }}", '{"state_left":"OFF"}', 'OFF'],
    ['nested path', '{{ value_json.update.state }}', '{"update":{"state":"idle"}}', 'idle'],
    ['nested index', '{{ value_json["DS18B20-1"]["Temperature"] }}', '{"DS18B20-1":{"Id":"3C","Temperature":18.4}}', '18.4'],
    ['list index', '{{ value_json.a[1] }}', '{"a":[1,2,3]}', '2'],
    ['raw value', '{{ value }}', 'Online', 'Online'],
    ['z2m TRV action heat', TRV_ACTION, '{"running_state":"heat"}', 'heating'],
    ['z2m TRV action null', TRV_ACTION, '{"running_state":null}', 'None'],
    ['z2m TRV action missing', TRV_ACTION, '{}', ''],
    ['int filter', '{{ value_json.v | int }}', '{"v":"21.7"}', '21'],
    ['float filter', '{{ value | float }}', '19.5', '19.5'],
    ['float default', '{{ value | float(0) }}', 'abc', '0'],
    ['round', '{{ (value_json.v / 10) | round(1) }}', '{"v":215}', '21.5'],
    ['round half even', '{{ 2.5 | round }}', '{}', '2'],
    ['lower/upper', '{{ value_json.p | lower }}-{{ "x" | upper }}', '{"p":"ON"}', 'on-X'],
    ['default', '{{ value_json.missing | default("n/a") }}', '{}', 'n/a'],
    ['is defined', '{{ "yes" if value_json.x is defined else "no" }}', '{"x":0}', 'yes'],
    ['is not defined', '{{ "yes" if value_json.y is not defined else "no" }}', '{"x":0}', 'yes'],
    ['inline if', "{{ 'ON' if value_json.power > 0 else 'OFF' }}", '{"power":3}', 'ON'],
    ['comparison ==', "{{ value_json.s == 'on' and not value_json.b }}", '{"s":"on","b":false}', 'True'],
    ['comparison !=', "{{ value_json.s != 'on' or value_json.n == 1.0 }}", '{"s":"on","n":1}', 'True'],
    ['concatenation', "{{ 'a' ~ value_json.n ~ 'b' }}", '{"n":5}', 'a5b'],
    ['literals', '{{ None }} {{ True }} {{ false }} {{ 1.5e1 }}', '', 'None True False 15'],
    ['dict literal lookup', "{{ {'heat':'heating'}['heat'] }}", '', 'heating'],
    ['if block', '{% if value_json.t > 20 %}warm{% elif value_json.t > 10 %}mild{% else %}cold{% endif %}', '{"t":12}', 'mild'],
    ['whitespace control', '{%- set x = 1 -%}  {{ x }}', '', '1'],
    ['arithmetic', '{{ value_json.a * 2 + 1 - 4 / 2 }}', '{"a":3}', '5'],
    ['non-JSON payload leaves value_json undefined', '{{ value_json.x | default("-") }}', 'not json', '-'],
    ['function-call form', '{{ float(value, 7) }}', 'x', '7'],
    ['in operator', "{{ 'heat' in ['heat','cool'] }}", '', 'True'],
  ];
  it.each(cases)('%s', (_src, template, payload, expected) => {
    expect(renderTemplate(template, payloadVariables(payload)).text).toBe(expected);
  });

  it('returns the native value of a single expression', () => {
    expect(renderTemplate('{{ value_json.o }}', payloadVariables('{"o":true}')).value).toBe(true);
    expect(renderTemplate(' {{ value_json.t }} ', payloadVariables('{"t":21.5}')).value).toBe(21.5);
    expect(renderTemplate('{{ value_json.x }}', payloadVariables('{}')).value).toBeUndefined();
  });
});

describe('template: safety', () => {
  it.each([
    '{{ value_json.__proto__ }}',
    '{{ value_json.constructor }}',
    '{{ value_json["constructor"]["prototype"] }}',
    '{{ value_json.toString }}',
    '{{ value.length }}',
    '{{ value_json.a.__proto__.polluted }}',
    '{{ values.constructor }}',
  ])('%s cannot reach JavaScript objects', (t) => {
    const r = renderTemplate(t, payloadVariables('{"a":{}}'));
    expect(r.text).toBe('');
    expect(r.value).toBeUndefined();
  });

  it('drops "__proto__", "constructor" and "prototype" keys of the JSON, without touching prototypes', () => {
    const vars = payloadVariables('{"__proto__":{"x":1},"constructor":{"y":2},"a":{"prototype":3,"b":4}}');
    expect(renderTemplate('{{ value_json.__proto__.x }}', vars).text).toBe('');
    expect(renderTemplate('{{ value_json.constructor.y }}', vars).text).toBe('');
    expect(renderTemplate('{{ value_json.a.prototype }}|{{ value_json.a.b }}', vars).text).toBe('|4');
    expect(Object.getPrototypeOf(vars.value_json)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).x).toBeUndefined();
  });

  it.each(['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty'])(
    'a bare name resolves own variables only: {{ %s }} is undefined',
    (name) => {
      expect(renderTemplate(`{{ ${name} }}`, payloadVariables('1')).text).toBe('');
      expect(renderTemplate(`{{ ${name} is defined }}`, payloadVariables('1')).text).toBe('False');
    },
  );

  it.each([
    ['{{ value.upper() }}', /method/],
    ['{% for x in y %}{% endfor %}', /unsupported statement/],
    ['{{ value | evil }}', /unsupported filter/],
    ['{{ value_json.x', /unclosed/],
    ['{{ "abc }}', /unterminated/],
    ['{{ 1 + }}', /unexpected/],
    ['{# c #}', /comments/],
    ['{% if x %}a', /missing/],
    ['{{ value is callable }}', /unsupported test/],
    ['{{ 1 / 0 }}', /division by zero/],
    ['{{ "a" < 1 }}', /not supported between/],
    ['{{ value | int }}', /cannot convert/],
  ])('%s → a clear TemplateError', (t, message) => {
    expect(() => renderTemplate(t, payloadVariables('x'))).toThrow(TemplateError);
    expect(() => renderTemplate(t, payloadVariables('x'))).toThrow(message);
  });

  it('rejects templates over the size limit', () => {
    expect(() => compileTemplate(`{{ '${'a'.repeat(MAX_TEMPLATE_LENGTH)}' }}`)).toThrow(/longer than/);
  });

  it('caps work: exponential string growth and deep nesting are refused', () => {
    const grow = '{% set a = "xxxxxxxxxx" %}' + '{% set a = a ~ a %}'.repeat(20) + '{{ a }}';
    expect(() => renderTemplate(grow, {})).toThrow(/too long/);
    expect(() => compileTemplate(`{{ ${'('.repeat(200)}1${')'.repeat(200)} }}`)).toThrow(/too deeply/);
  });

  it('caches compiled templates', () => {
    expect(compileTemplate('{{ value }}')).toBe(compileTemplate('{{ value }}'));
  });

  it('ignores non-data variables', () => {
    expect(renderTemplate('{{ f }}', { f: () => 1 }).text).toBe('');
  });
});

describe('compileTemplate cache', () => {
  it('keeps templates in use and evicts the least recently used once full', () => {
    const used = compileTemplate('{{ value_json.cache_in_use }}');
    const once = compileTemplate('{{ value_json.cache_once }}');
    for (let i = 0; i < 400; i++) {
      compileTemplate(`{{ value_json.filler_${i} }}`);
      expect(compileTemplate('{{ value_json.cache_in_use }}')).toBe(used);
    }
    expect(compileTemplate('{{ value_json.cache_once }}')).not.toBe(once);
    expect(compileTemplate('{{ value_json.cache_once }}').render({ value_json: { cache_once: 3 } }).value).toBe(3);
  });
});
