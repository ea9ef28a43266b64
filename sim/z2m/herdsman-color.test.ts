import { describe, expect, it } from 'vitest';
import { rgbToXy } from '../../core/model/color';
import { herdsmanRgbToXy } from './herdsman-color';

describe("zigbee-herdsman's RGB → xy", () => {
  it('reproduces the recording (state-light-after-set-rgb.txt: rgb 100,200,10 → 0.2717, 0.6585)', () => {
    expect(herdsmanRgbToXy({ r: 100, g: 200, b: 10 })).toEqual({ x: 0.2717, y: 0.6585 });
  });

  it('differs from sRGB, which is why it is the simulator’s alone', () => {
    expect(rgbToXy({ r: 100, g: 200, b: 10 })).not.toEqual(herdsmanRgbToXy({ r: 100, g: 200, b: 10 }));
  });

  it('black has no chromaticity', () => {
    expect(herdsmanRgbToXy({ r: 0, g: 0, b: 0 })).toEqual({ x: 0, y: 0 });
  });
});
