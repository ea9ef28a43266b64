import { describe, expect, it } from 'vitest';
import { SafeEmitter } from './events';

type Events = { ping: number; pong: string };

describe('SafeEmitter', () => {
  it('delivers to every listener of the event, in order, and only to that event', () => {
    const emitter = new SafeEmitter<Events>(() => {});
    const seen: string[] = [];
    emitter.on('ping', 'a', (n) => seen.push(`a${n}`));
    emitter.on('ping', 'b', (n) => seen.push(`b${n}`));
    emitter.on('pong', 'c', (s) => seen.push(`c${s}`));
    emitter.emit('ping', 1);
    expect(seen).toEqual(['a1', 'b1']);
  });

  it('a listener that throws is reported by owner and does not stop the others', () => {
    const errors: [string, string, unknown][] = [];
    const emitter = new SafeEmitter<Events>((owner, event, error) => errors.push([owner, event, error]));
    const boom = new Error('boom');
    const seen: number[] = [];
    emitter.on('ping', 'broken', () => {
      throw boom;
    });
    emitter.on('ping', 'fine', (n) => seen.push(n));
    emitter.emit('ping', 7);
    expect(seen).toEqual([7]);
    expect(errors).toEqual([['broken', 'ping', boom]]);
  });

  it('the function on() returns removes exactly that listener, also during an emit', () => {
    const emitter = new SafeEmitter<Events>(() => {});
    const seen: string[] = [];
    const offA = emitter.on('ping', 'a', () => {
      seen.push('a');
      offB(); // removing another listener mid-emit does not skip or repeat anyone this round
    });
    const offB = emitter.on('ping', 'b', () => seen.push('b'));
    emitter.emit('ping', 1);
    emitter.emit('ping', 2);
    offA();
    emitter.emit('ping', 3);
    expect(seen).toEqual(['a', 'b', 'a']);
  });

  it('a listener added during an emit hears the next emit, not this one; removing twice is harmless', () => {
    const emitter = new SafeEmitter<Events>(() => {});
    const seen: string[] = [];
    let offLate: (() => void) | undefined;
    emitter.on('ping', 'a', (n) => {
      seen.push(`a${n}`);
      offLate ??= emitter.on('ping', 'late', (m) => seen.push(`late${m}`));
    });
    emitter.emit('ping', 1);
    emitter.emit('ping', 2);
    offLate!();
    offLate!();
    emitter.emit('ping', 3);
    expect(seen).toEqual(['a1', 'a2', 'late2', 'a3']);
  });
});
