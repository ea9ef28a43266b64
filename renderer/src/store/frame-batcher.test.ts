import { describe, expect, it } from 'vitest';
import { ManualFrames } from '../test/fixtures';
import { createFrameBatcher } from './frame-batcher';

describe('createFrameBatcher', () => {
  it('applies nothing until the frame, then everything once', () => {
    const frames = new ManualFrames();
    const batches: Array<Array<[string, number | null]>> = [];
    const b = createFrameBatcher<number>((batch) => batches.push([...batch]), frames);
    b.push('a', 1);
    b.push('b', 1);
    b.push('a', 2);
    expect(batches).toEqual([]);
    expect(frames.requested).toBe(1);
    frames.frame();
    expect(batches).toEqual([
      [
        ['b', 1],
        ['a', 2],
      ],
    ]);
  });

  it('coalesces 1000 updates of one key into one value', () => {
    const frames = new ManualFrames();
    const batches: Array<Map<string, number | null>> = [];
    const b = createFrameBatcher<number>((batch) => batches.push(new Map(batch)), frames);
    for (let i = 0; i < 1000; i++) b.push('x', i);
    frames.frame();
    expect(batches).toHaveLength(1);
    expect(batches[0]?.get('x')).toBe(999);
    expect(frames.requested).toBe(1);
  });

  it('keeps a removal that follows an update, and an update that follows a removal', () => {
    const frames = new ManualFrames();
    let last = new Map<string, number | null>();
    const b = createFrameBatcher<number>((batch) => (last = new Map(batch)), frames);
    b.push('gone', 1);
    b.push('gone', null);
    b.push('back', null);
    b.push('back', 3);
    frames.frame();
    expect(last.get('gone')).toBeNull();
    expect(last.get('back')).toBe(3);
  });

  it('schedules a new frame after one was applied, and flush() applies at once', () => {
    const frames = new ManualFrames();
    let applied = 0;
    const b = createFrameBatcher<number>(() => applied++, frames);
    b.push('a', 1);
    frames.frame();
    b.push('a', 2);
    expect(frames.requested).toBe(2);
    b.flush();
    expect(applied).toBe(2);
    expect(frames.pending).toBe(0);
    b.flush();
    expect(applied).toBe(2);
  });

  it('dispose drops the buffer and cancels the frame', () => {
    const frames = new ManualFrames();
    let applied = 0;
    const b = createFrameBatcher<number>(() => applied++, frames);
    b.push('a', 1);
    b.dispose();
    frames.frame();
    expect(applied).toBe(0);
  });
});
