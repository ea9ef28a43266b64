import { describe, expect, it } from 'vitest';
import { Person } from '../../../../core/model';
import { toDraft, toRequest, uniquePersonId, validate } from './people-draft';

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

  it('a round trip keeps room-specific steps and leaves empty fields out', () => {
    const person = Person.parse({
      id: 'a',
      name: 'A',
      lighting: [
        { at: '06:00', brightness: 50, kelvin: 3000, roomId: 'kitchen', label: 'wake' },
        { at: '20:00', brightness: 20, kelvin: 2200 },
      ],
    });
    expect(toRequest(toDraft(person, 'celsius'))).toEqual({ id: 'a', name: 'A', lighting: person.lighting });
  });

  it('shows the comfort temperature in °F, sends °C, and an untouched field keeps its exact value', () => {
    const person = Person.parse({ id: 'a', name: 'A', comfortHeatC: 21.5 });
    const draft = toDraft(person, 'fahrenheit');
    expect(draft.comfortHeat.text).toBe('71');
    expect(toRequest(draft).comfortHeatC).toBe(21.5);
    expect(toRequest({ ...draft, comfortHeat: { text: '68' } }).comfortHeatC).toBe(20);
    expect(toRequest({ ...draft, comfortHeat: { text: '' } })).not.toHaveProperty('comfortHeatC');
  });

  it('explains a comfort temperature out of range in the person’s units', () => {
    const draft = toDraft(Person.parse({ id: 'a', name: 'A' }), 'fahrenheit');
    expect(validate({ ...draft, comfortHeat: { text: '90' } }, roomName).comfortHeat).toBe(
      'Comfort temperature must be between 41 and 86 °F, or empty to use the room’s.',
    );
    expect(validate({ ...draft, comfortHeat: { text: 'warm' } }, roomName).count).toBe(1);
    expect(validate({ ...draft, comfortHeat: { text: '86' } }, roomName).count).toBe(0);
  });

  it('counts a missing name and the steps’ problems together', () => {
    const draft = toDraft(
      Person.parse({ id: 'a', name: 'A', lighting: [{ at: '07:00', brightness: 80, kelvin: 4000 }] }),
      'celsius',
    );
    const problems = validate({ ...draft, name: ' ', steps: [{ ...draft.steps[0]!, brightness: '' }] }, roomName);
    expect(problems.name).toBe('Enter a name.');
    expect(problems.count).toBe(2);
  });
});
