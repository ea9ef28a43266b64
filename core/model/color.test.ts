import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  D65,
  hexToRgb,
  hsToRgb,
  hsToXy,
  kelvinToMired,
  kelvinToRgb,
  kelvinToXy,
  miredToKelvin,
  rgbToHs,
  rgbToXy,
  xyToHs,
  xyToKelvin,
  xyToRgb,
} from './color';

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

  it.each([
    // CIE standard illuminants and their correlated colour temperatures (CIE 15:2004).
    ['D65', D65, 6504],
    ['illuminant A (tungsten)', { x: 0.44757, y: 0.40745 }, 2856],
    ['D50', { x: 0.3457, y: 0.3585 }, 5003],
  ])('xy → kelvin at %s', (_name, xy, kelvin) => {
    expect(Math.abs(xyToKelvin(xy) - kelvin)).toBeLessThanOrEqual(3);
  });

  it.each([
    // Planckian locus points (CIE 1931 2°), as tabulated e.g. by Wyszecki & Stiles.
    [2000, { x: 0.5267, y: 0.4133 }],
    [2700, { x: 0.46, y: 0.4105 }],
    [4000, { x: 0.3805, y: 0.3768 }],
    [6500, { x: 0.3135, y: 0.3236 }],
  ])('%i K → xy on the Planckian locus', (kelvin, xy) => {
    const got = kelvinToXy(kelvin);
    expect(Math.abs(got.x - xy.x)).toBeLessThan(0.001);
    expect(Math.abs(got.y - xy.y)).toBeLessThan(0.001);
  });

  it('kelvin → xy → kelvin round-trips within 1.5 % over the range lights have (2000–10000 K)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2000, max: 10_000 }), (kelvin) => {
        expect(Math.abs(xyToKelvin(kelvinToXy(kelvin)) - kelvin) / kelvin).toBeLessThan(0.015);
      }),
    );
  });

  it('warm is red-orange, cool is bluish on screen; the brightest channel is always full', () => {
    expect(kelvinToRgb(2700)).toEqual({ r: 255, g: 173, b: 89 });
    expect(kelvinToRgb(10_000)).toEqual({ r: 205, g: 217, b: 255 });
    for (const k of [1000, 1667, 2200, 4000, 6500, 25_000, 40_000, Number.NaN]) {
      const { r, g, b } = kelvinToRgb(k);
      expect(Math.max(r, g, b)).toBe(255);
    }
  });

  it('2700 K and hue 30° keep their meaning through every wire format', () => {
    // What a lamp set to 2700 K reports as xy reads back as 2700 K (within McCamy's error).
    expect(Math.abs(xyToKelvin(kelvinToXy(2700)) - 2700)).toBeLessThan(10);
    // hue 30° sent as rgb (WLED), xy (Hue, zigbee2mqtt) or hs comes back as hue 30°.
    const hs = { hue: 30, saturation: 100 };
    expect(rgbToHs(hsToRgb(hs)).hue).toBeCloseTo(30, 0);
    expect(xyToHs(hsToXy(hs)).hue).toBeCloseTo(30, 0);
    // The xy of hue 30° is the same whether computed directly or from its 8-bit rgb.
    const direct = hsToXy(hs);
    const viaRgb = rgbToXy(hsToRgb(hs));
    expect(Math.abs(direct.x - viaRgb.x)).toBeLessThan(0.001);
    expect(Math.abs(direct.y - viaRgb.y)).toBeLessThan(0.001);
  });

  it.each([
    [{ r: 255, g: 255, b: 255 }, D65],
    [{ r: 0, g: 0, b: 0 }, D65], // black has no chromaticity: the white point
    [
      { r: 255, g: 0, b: 0 },
      { x: 0.64, y: 0.33 },
    ],
  ])('rgb %o → xy %o', (rgb, xy) => {
    expect(rgbToXy(rgb)).toEqual(xy);
  });

  it('xy → rgb is at full brightness and cuts out-of-gamut colours to the gamut', () => {
    expect(xyToRgb(D65)).toEqual({ r: 255, g: 255, b: 255 });
    expect(xyToRgb({ x: 0.64, y: 0.33 })).toEqual({ r: 255, g: 0, b: 0 });
    // Hue's gamut C green (0.17, 0.7) is outside sRGB: it becomes sRGB's most saturated green-ish.
    const green = xyToRgb({ x: 0.17, y: 0.7 });
    expect(green.g).toBe(255);
    expect(green.r).toBe(0);
  });

  it.each([
    [153, 6536],
    [250, 4000],
    [370, 2703],
    [500, 2000],
  ])('%i mireds = %i K', (mired, kelvin) => {
    expect(miredToKelvin(mired)).toBe(kelvin);
    expect(kelvinToMired(kelvin)).toBe(mired);
  });

  it.each([
    ['#64C80A', { r: 100, g: 200, b: 10 }],
    ['64c80a', { r: 100, g: 200, b: 10 }],
    [' #ffffff ', { r: 255, g: 255, b: 255 }],
    ['#abc', { r: 170, g: 187, b: 204 }],
    ['#64C80A80', undefined], // alpha is not a light colour
    ['red', undefined],
    ['#12345g', undefined],
  ])('hex %j → %o', (hex, rgb) => {
    expect(hexToRgb(hex)).toEqual(rgb);
  });
});
