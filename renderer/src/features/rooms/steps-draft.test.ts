import { describe, expect, it } from 'vitest';
import { curveSegments, fromStepDrafts, kelvinName, nextStep, sortSteps, toStepDrafts, validateSteps } from './steps-draft';

const roomName = (id: string) => ({ kitchen: 'Kitchen' })[id] ?? id;

describe('lighting steps draft', () => {
  it('orders times within each room, and the same time twice is a problem', () => {
    const steps = toStepDrafts([
      { at: '18:00', brightness: 40, kelvin: 2700 },
      { at: '07:00', brightness: 80, kelvin: 4000, roomId: 'kitchen' },
      { at: '07:00', brightness: 80, kelvin: 4000, roomId: 'kitchen' },
    ]);
    const problems = validateSteps(steps, roomName);
    expect(problems.count).toBe(1);
    expect(problems.byKey[steps[2]!.key]?.at).toBe('Step 3: 07:00 is already the time of step 2 for Kitchen. Pick a later time.');
  });

  it('an empty field is a problem with its own words, never 0', () => {
    const [step] = toStepDrafts([{ at: '07:00', brightness: 80, kelvin: 4000 }]);
    const problems = validateSteps([{ ...step!, at: '', brightness: ' ', kelvin: '' }]);
    expect(problems.byKey[step!.key]).toEqual({
      at: 'Step 1: enter a time such as 07:30.',
      brightness: 'Step 1: enter a brightness between 1 and 100 %.',
      kelvin: 'Step 1: enter a colour temperature between 2000 and 6500 K.',
    });
  });

  it.each([
    ['brightness', '0', 'Step 1: brightness must be between 1 and 100 %.'],
    ['brightness', '101', 'Step 1: brightness must be between 1 and 100 %.'],
    ['brightness', '1e2', 'Step 1: brightness must be between 1 and 100 %.'],
    ['kelvin', '1800', 'Step 1: colour temperature must be between 2000 and 6500 K.'],
    ['kelvin', '7000', 'Step 1: colour temperature must be between 2000 and 6500 K.'],
    ['at', '24:00', 'Step 1: enter a time such as 07:30.'],
    ['at', '7:30', 'Step 1: enter a time such as 07:30.'],
    ['label', 'x'.repeat(41), 'Step 1: the label can have at most 40 characters.'],
  ] as const)('%s = %j is explained', (field, value, message) => {
    const [step] = toStepDrafts([{ at: '07:00', brightness: 80, kelvin: 4000 }]);
    expect(validateSteps([{ ...step!, [field]: value }]).byKey[step!.key]?.[field]).toBe(message);
  });

  it('a round trip keeps every field and leaves empty ones out', () => {
    const steps = [
      { at: '06:00', brightness: 50, kelvin: 3000, roomId: 'kitchen', label: 'wake' },
      { at: '20:00', brightness: 20.5, kelvin: 2200 },
    ];
    expect(fromStepDrafts(toStepDrafts(steps))).toEqual(steps);
  });

  it('a new step comes three hours after the last one; sorting puts times in order with stable keys', () => {
    const first = nextStep([]);
    expect(first.at).toBe('07:00');
    expect(nextStep([first]).at).toBe('10:00');
    expect(nextStep([{ ...first, at: '22:30' }]).at).toBe('23:59');
    const steps = toStepDrafts([
      { at: '18:00', brightness: 40, kelvin: 2700 },
      { at: '07:00', brightness: 80, kelvin: 4000 },
    ]);
    expect(validateSteps(steps).outOfOrder).toBe(true);
    const sorted = sortSteps(steps);
    expect(sorted.map((s) => s.key)).toEqual([steps[1]!.key, steps[0]!.key]);
    expect(validateSteps(sorted).count).toBe(0);
  });
});

describe('the day’s curve for the chart', () => {
  const steps = toStepDrafts([
    { at: '18:00', brightness: 40, kelvin: 2700, label: 'evening' },
    { at: '07:00', brightness: 80, kelvin: 4000 },
  ]);
  it('a room’s curve wraps: yesterday’s last step holds until the first', () => {
    expect(curveSegments(steps, true)).toEqual([
      { from: 0, to: 420, level: { brightness: 40, kelvin: 2700, label: 'evening' } },
      { from: 420, to: 1080, level: { brightness: 80, kelvin: 4000, label: '' } },
      { from: 1080, to: 1440, level: { brightness: 40, kelvin: 2700, label: 'evening' } },
    ]);
  });
  it('a person’s steps start at their first step and leave the rest of the day to the room', () => {
    expect(curveSegments(steps, false)[0]).toEqual({ from: 0, to: 420, level: null });
  });
  it('leaves out steps the table marks as invalid', () => {
    const [a, b] = steps;
    expect(curveSegments([a!, { ...b!, kelvin: '' }], true)).toEqual([
      { from: 0, to: 1080, level: { brightness: 40, kelvin: 2700, label: 'evening' } },
      { from: 1080, to: 1440, level: { brightness: 40, kelvin: 2700, label: 'evening' } },
    ]);
    expect(curveSegments([], true)).toEqual([{ from: 0, to: 1440, level: null }]);
  });
  it('names colour temperatures in words', () => {
    expect([2200, 2700, 4000, 5000, 6500].map(kelvinName)).toEqual(['candlelight', 'warm', 'neutral', 'cool', 'daylight']);
  });
});
