/**
 * Seeded randomness so `--seed` makes a run reproducible.
 * Two flavours: a sequential PRNG (mulberry32) for building scenarios, and a
 * stateless hash (`hash01`) for questions asked at arbitrary times ("is Sam
 * moving at 14:03 on day 3?") so answers do not depend on how often we ask.
 */

/** 32-bit string/number hash (FNV-1a, then a murmur finaliser for spread). */
export function hash32(...parts: (string | number)[]): number {
  let h = 0x811c9dc5;
  for (const part of parts) {
    const s = String(part) + '\u0000';
    for (let i = 0; i < s.length; i++) {
      h ^= s.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** A uniform number in [0, 1) determined only by its inputs. */
export function hash01(...parts: (string | number)[]): number {
  return hash32(...parts) / 2 ** 32;
}

export class Random {
  private state: number;
  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }
  /** mulberry32: tiny, fast, good enough for simulation. */
  next(): number {
    let t = (this.state = (this.state + 0x6d2b79f5) >>> 0);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  }
  range(min: number, max: number): number {
    return min + (max - min) * this.next();
  }
  int(min: number, maxInclusive: number): number {
    return Math.floor(this.range(min, maxInclusive + 1));
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }
  /** Approximately normal (sum of uniforms), cheap and bounded. */
  normal(mean = 0, sd = 1): number {
    return mean + sd * (this.next() + this.next() + this.next() + this.next() - 2) * Math.sqrt(3);
  }
  /** An independent stream for a named part, so adding one device does not reshuffle the others. */
  fork(name: string): Random {
    return new Random(hash32(this.seed, name));
  }
}
