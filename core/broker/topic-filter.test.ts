import { describe, expect, it } from 'vitest';
import { isValidFilter, isValidTopic, matchesFilter } from './topic-filter';

describe('matchesFilter', () => {
  it.each([
    ['a/b/c', 'a/b/c', true],
    ['a/b/c', 'a/b', false],
    ['a/b', 'a/b/c', false],
    ['a/+/c', 'a/b/c', true],
    ['a/+/c', 'a/b/d', false],
    ['a/+', 'a/b/c', false],
    ['+/+', 'a/b', true],
    ['+', 'a', true],
    ['+', '', true],
    ['a/+', 'a/', true], // an empty level is still a level
    ['#', 'a/b/c', true],
    ['a/#', 'a', true], // `#` includes the parent level
    ['a/#', 'a/b/c', true],
    ['a/#', 'ab/c', false],
    ['a/+/#', 'a/b', true],
    ['a/+/#', 'a', false],
    ['zigbee2mqtt/+', 'zigbee2mqtt/lamp/set', false],
    ['#', '$SYS/broker/uptime', false],
    ['+/broker/uptime', '$SYS/broker/uptime', false],
    ['$SYS/#', '$SYS/broker/uptime', true],
    ['/+', '/a', true],
    ['A/b', 'a/b', false], // case-sensitive
  ])('%s vs %s → %s', (filter, topic, expected) => {
    expect(matchesFilter(filter, topic)).toBe(expected);
  });
});

describe('isValidFilter', () => {
  it.each([
    ['a/b', true],
    ['#', true],
    ['a/#', true],
    ['+/a/+', true],
    ['', false],
    ['a/#/b', false],
    ['a#', false],
    ['a/b+', false],
    ['a/+b/c', false],
  ])('%s → %s', (filter, expected) => {
    expect(isValidFilter(filter)).toBe(expected);
  });
});

describe('isValidTopic', () => {
  it.each([
    ['a/b', true],
    ['', false],
    ['a/+', false],
    ['a/#', false],
  ])('%s → %s', (topic, expected) => {
    expect(isValidTopic(topic)).toBe(expected);
  });
});
