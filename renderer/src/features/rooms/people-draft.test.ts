import { describe, expect, it } from 'vitest';
import { Person } from '../../../../core/model';
import { nextStep, toDraft, toRequest, uniquePersonId, validate } from './people-draft';

const rooms: Record<string, string> = { kitchen: 'Kitchen' };
const roomName = (id: string) => rooms[id] ?? id;

describe('people draft', () => {
  it('gives every new person an id of their own', () => {
    expect(uniquePersonId('Anna Lena', [])).toBe('anna-lena');
    expect(uniquePersonId('Zoë', [])).toBe('zoe');
    expect(uniquePersonId('Alice', ['alice', 'alice-2'])).toBe('alice-3');
    expect(uniquePersonId('李', ['person'])).toBe('person-2');
    expect(uniquePersonId('x'.repeat(100), []).length).toBeLessThanOrEqual(100);
  });

  it('orders times within each room, and the same time twice is a problem', () => {
    const draft = toDraft(
      Person.parse({
        id: 'a',
        name: 'A',
        lighting: [
          { at: '18:00', brightness: 40, kelvin: 2700 },
          { at: '07:00', brightness: 80, kelvin: 4000, roomId: 'kitchen' },
          { at: '07:00', brightness: 80, kelvin: 4000, roomId: 'kitchen' },
        ],
      }),
    );
    const problems = validate(draft, roomName);
    expect(problems.count).toBe(1);
    expect(problems.steps[draft.steps[2]!.key]?.at).toBe(
      'Step 3: 07:00 is already the time of step 2 for Kitchen. Pick a later time.',
    );
  });

  it('a round trip keeps room-specific steps and leaves empty fields out', () => {
    const person = Person.parse({
      id: 'a',
      name: 'A',
      lighting: [
        { at: '06:00', brightness: 50, kelvin: 3000, roomId: 'kitchen', label: 'wake' },
        { at: '20:00', brightness: 20, kelvin: 2200 },
      ],
    });
    expect(toRequest(toDraft(person))).toEqual({ id: 'a', name: 'A', lighting: person.lighting });
  });

  it('a new step comes three hours after the last one', () => {
    const first = nextStep([]);
    expect(first.at).toBe('07:00');
    expect(nextStep([first]).at).toBe('10:00');
    expect(nextStep([{ ...first, at: '22:30' }]).at).toBe('23:59');
  });
});
