import { describe, expect, it } from 'vitest';
import { hueSatToCss, kelvinGradient, kelvinToCss } from './format';

describe('tile colours (through core/model/color)', () => {
  it.each([
    [0, 100, 'rgb(255 0 0)'],
    [240, 50, 'rgb(128 128 255)'],
    [30, 0, 'rgb(255 255 255)'],
  ])('hue %i°, saturation %i% → %s', (hue, saturation, css) => {
    expect(hueSatToCss(hue, saturation)).toBe(css);
  });

  it('2700 K is the warm white the hub means by it', () => {
    expect(kelvinToCss(2700)).toBe('rgb(255 173 89)');
  });

  it('the colour-temperature track runs warm → cool in five stops', () => {
    expect(kelvinGradient(2000, 6500)).toBe(
      `linear-gradient(90deg, ${kelvinToCss(2000)} 0%, ${kelvinToCss(3125)} 25%, ${kelvinToCss(4250)} 50%, ${kelvinToCss(5375)} 75%, ${kelvinToCss(6500)} 100%)`,
    );
  });
});
