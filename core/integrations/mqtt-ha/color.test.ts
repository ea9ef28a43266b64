import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hsToRgb, hsToXy, rgbToHs, xyToHs } from './color';

describe('colour conversions', () => {
  it.each([
    [
      { hue: 0, saturation: 100 },
      { r: 255, g: 0, b: 0 },
    ],
    [
      { hue: 120, saturation: 100 },
      { r: 0, g: 255, b: 0 },
    ],
    [
      { hue: 240, saturation: 50 },
      { r: 128, g: 128, b: 255 },
    ],
    [
      { hue: 0, saturation: 0 },
      { r: 255, g: 255, b: 255 },
    ],
  ])('hs %o ↔ rgb %o', (hs, rgb) => {
    expect(hsToRgb(hs)).toEqual(rgb);
    const back = rgbToHs(rgb);
    expect(back.hue).toBe(hs.saturation === 0 ? 0 : hs.hue);
    expect(back.saturation).toBeCloseTo(hs.saturation, 0);
  });
  it('sRGB primaries and white in xy (IEC 61966-2-1)', () => {
    expect(hsToXy({ hue: 0, saturation: 100 })).toEqual({ x: 0.64, y: 0.33 });
    expect(hsToXy({ hue: 120, saturation: 100 })).toEqual({ x: 0.3, y: 0.6 });
    expect(hsToXy({ hue: 240, saturation: 100 })).toEqual({ x: 0.15, y: 0.06 });
    expect(hsToXy({ hue: 0, saturation: 0 })).toEqual({ x: 0.3127, y: 0.329 });
  });
  it('hs → xy → hs round-trips within a small error', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 359 }), fc.integer({ min: 20, max: 100 }), (hue, saturation) => {
        const back = xyToHs(hsToXy({ hue, saturation }));
        const dh = Math.min(Math.abs(back.hue - hue), 360 - Math.abs(back.hue - hue));
        expect(dh).toBeLessThan(3);
        expect(Math.abs(back.saturation - saturation)).toBeLessThan(3);
      }),
    );
  });
  it('never returns NaN or out-of-range values for any input', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), (x, y) => {
        const hs = xyToHs({ x, y });
        expect(hs.hue).toBeGreaterThanOrEqual(0);
        expect(hs.hue).toBeLessThanOrEqual(360);
        expect(hs.saturation).toBeGreaterThanOrEqual(0);
        expect(hs.saturation).toBeLessThanOrEqual(100);
      }),
    );
  });
});
