// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { methods, type MethodRequest } from '../../../../core/api/contract';
import { Person } from '../../../../core/model';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import type { Units } from '../../units/temperature';
import { FakeClient, ManualFrames } from '../../test/fixtures';
import { PeopleSettingsButton } from './PeopleSettings';

afterEach(cleanup);

async function setup(initial: Person[] = [], units: Units = 'celsius') {
  const client = new FakeClient();
  let people = initial;
  const puts: MethodRequest<'updatePerson'>[] = [];
  const deletes: string[] = [];
  client.auto.listRooms = () => [{ id: 'kitchen', name: 'Kitchen', kind: 'home' }];
  client.auto.listRoomStatus = () => [];
  client.auto.listPeople = () => people;
  client.auto.updatePerson = (params) => {
    puts.push(params);
    const person = Person.parse({ ...params, roomId: params.roomId ?? null });
    people = [...people.filter((p) => p.id !== person.id), person];
    return person;
  };
  client.auto.deletePerson = ({ id }) => {
    deletes.push(id);
    people = people.filter((p) => p.id !== id);
    return { id };
  };
  const store = createHubStore({ client, scheduler: new ManualFrames(), units });
  store.start();
  // The button sits inside the overview's own "add a person" form: the dialog's submits must not reach it.
  const outerSubmit = vi.fn((e: { preventDefault(): void }) => e.preventDefault());
  render(
    <HubStoreProvider store={store}>
      <form onSubmit={outerSubmit}>
        <PeopleSettingsButton />
      </form>
    </HubStoreProvider>,
  );
  await waitFor(() => expect(store.getState().loaded).toBe(true));
  fireEvent.click(screen.getByRole('button', { name: 'Edit people…' }));
  await screen.findByRole('dialog');
  for (const person of initial) await screen.findByRole('button', { name: (name) => name.startsWith(person.name) });
  return { puts, deletes, outerSubmit };
}

const type = (name: string, value: string) => fireEvent.change(screen.getByLabelText(name), { target: { value } });
/** The text an input's aria-describedby names (its error or hint). */
const description = (name: string) =>
  document.getElementById(screen.getByLabelText(name).getAttribute('aria-describedby') ?? '')?.textContent;

async function addPersonWithTwoSteps(name: string) {
  type('New person', name);
  fireEvent.click(screen.getByRole('button', { name: 'Add person' }));
  fireEvent.click(screen.getByRole('button', { name: 'Add step' }));
  fireEvent.click(screen.getByRole('button', { name: 'Add step' }));
}

describe('people editor', () => {
  it('adds a person with two lighting steps and a comfort temperature in one PUT /api/people/:id', async () => {
    const { puts, outerSubmit } = await setup([
      Person.parse({ id: 'alice', name: 'Alice', lighting: [{ at: '20:00', brightness: 30, kelvin: 2200 }] }),
    ]);
    await addPersonWithTwoSteps('Alice');
    // A second "Alice" must not replace the first one: she gets her own id.
    type('Step 1 time', '07:30');
    type('Step 1 brightness (%)', '85');
    type('Step 1 colour temperature (K)', '4200');
    type('Step 1 label', '  morning ');
    type('Step 2 time', '18:00');
    type('Step 2 brightness (%)', '40');
    type('Step 2 colour temperature (K)', '2700');
    type('Step 2 label', 'evening');
    fireEvent.change(screen.getByRole('combobox', { name: 'Step 2 room' }), { target: { value: 'kitchen' } });
    type('Comfort temperature when heating (°C)', '21.5');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Saved\./);

    expect(puts).toEqual([
      {
        id: 'alice-2',
        name: 'Alice',
        lighting: [
          { at: '07:30', brightness: 85, kelvin: 4200, label: 'morning' },
          { at: '18:00', brightness: 40, kelvin: 2700, roomId: 'kitchen', label: 'evening' },
        ],
        comfortHeatC: 21.5,
      },
    ]);
    // What the hub accepts (PUT /api/people/alice-2 carries the same without `id`); `roomId` is left to the hub.
    expect(() => methods.updatePerson.request.parse(puts[0])).not.toThrow();
    expect(puts[0]).not.toHaveProperty('roomId');
    expect(outerSubmit).not.toHaveBeenCalled();
    expect(screen.getByRole('status').textContent).toMatch(/^Saved\./);
    const list = screen.getByRole('list', { name: 'People' });
    expect(
      within(list)
        .getAllByRole('button')
        .map((b) => b.textContent),
    ).toEqual(['Alice1 lighting step', 'Alice2 lighting steps']);
  });

  it('explains invalid steps inline and sends nothing until they are fixed', async () => {
    const { puts } = await setup();
    await addPersonWithTwoSteps('Bob');
    type('Step 1 time', '18:00');
    type('Step 2 time', '07:00');
    type('Step 1 brightness (%)', '0');
    type('Step 2 colour temperature (K)', '1800');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Not saved:/);

    expect(puts).toEqual([]);
    expect(screen.getByRole('alert').textContent).toBe('Not saved: 3 entries need fixing (marked above).');
    const invalid = [...document.querySelectorAll('[aria-invalid="true"]')];
    expect(
      invalid.map((el) => [
        el.getAttribute('aria-label'),
        document.getElementById(el.getAttribute('aria-describedby')!)?.textContent,
      ]),
    ).toEqual([
      ['Step 1 brightness (%)', 'Step 1: brightness must be between 1 and 100 %.'],
      ['Step 2 time', 'Step 2: 07:00 is earlier than step 1 (18:00). Times go in order through the day.'],
      ['Step 2 colour temperature (K)', 'Step 2: colour temperature must be between 2000 and 6500 K.'],
    ]);
    const brightness = screen.getByRole('spinbutton', { name: 'Step 1 brightness (%)' });
    expect(document.activeElement).toBe(brightness);

    type('Step 1 brightness (%)', '60');
    type('Step 2 colour temperature (K)', '2700');
    fireEvent.click(screen.getByRole('button', { name: 'Sort steps by time' }));
    expect(screen.queryByText(/Times go in order/)).toBeNull();
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Saved\./);
    expect(puts).toEqual([
      {
        id: 'bob',
        name: 'Bob',
        lighting: [
          { at: '07:00', brightness: 80, kelvin: 2700 },
          { at: '18:00', brightness: 60, kelvin: 4000 },
        ],
      },
    ]);
  });

  it('an emptied field is explained and blocks saving; it is never sent as 0', async () => {
    const { puts } = await setup();
    await addPersonWithTwoSteps('Cleo');
    type('Step 2 brightness (%)', '');
    expect(screen.getByLabelText('Step 2 brightness (%)').getAttribute('aria-invalid')).toBe('true');
    expect(description('Step 2 brightness (%)')).toBe('Step 2: enter a brightness between 1 and 100 %.');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Not saved:/);
    expect(puts).toEqual([]);
    expect(screen.getByRole('alert').textContent).toBe('Not saved: one entry needs fixing (marked above).');
  });

  it('removing a step keeps the other rows as they were typed', async () => {
    await setup();
    await addPersonWithTwoSteps('Dan');
    type('Step 2 label', 'later');
    fireEvent.click(screen.getByRole('button', { name: 'Remove step 1' }));
    // The former step 2 is now step 1, with its own values (rows are keyed by a stable key, not their index).
    expect((screen.getByRole('textbox', { name: 'Step 1 label' }) as HTMLInputElement).value).toBe('later');
    expect((screen.getByLabelText('Step 1 time') as HTMLInputElement).value).toBe('10:00');
    expect(screen.queryByLabelText('Step 2 time')).toBeNull();
  });

  it('takes the comfort temperature in °F and sends °C', async () => {
    const { puts } = await setup([Person.parse({ id: 'alice', name: 'Alice', comfortHeatC: 21.5 })], 'fahrenheit');
    fireEvent.click(screen.getByRole('button', { name: /^Alice/ }));
    const comfort = screen.getByRole('spinbutton', { name: 'Comfort temperature when heating (°F)' }) as HTMLInputElement;
    expect(comfort.value).toBe('71');
    type('Comfort temperature when heating (°F)', '90');
    expect(description('Comfort temperature when heating (°F)')).toBe(
      'Comfort temperature must be between 41 and 86 °F, or empty to use the room’s.',
    );
    type('Comfort temperature when heating (°F)', '68');
    fireEvent.click(screen.getByRole('button', { name: 'Save' }));
    await screen.findByText(/^Saved\./);
    expect(puts.at(-1)?.comfortHeatC).toBe(20);
  });

  it('deletes a person only after confirmation', async () => {
    const { deletes } = await setup([Person.parse({ id: 'alice', name: 'Alice' })]);
    fireEvent.click(screen.getByRole('button', { name: /^Alice/ }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete Alice' }));
    expect(deletes).toEqual([]);
    expect(screen.getByText('Delete Alice and their preferences?')).toBeTruthy();
    fireEvent.click(screen.getByRole('button', { name: 'Keep' }));
    fireEvent.click(screen.getByRole('button', { name: 'Delete Alice' }));
    expect(deletes).toEqual([]);
    fireEvent.click(screen.getByRole('button', { name: 'Delete Alice' }));
    await screen.findByText('Deleted Alice.');
    expect(deletes).toEqual(['alice']);
    expect(screen.getByRole('status').textContent).toBe('Deleted Alice.');
    expect(screen.queryByRole('list', { name: 'People' })).toBeNull();
  });

  it('renders names as text', async () => {
    await setup([Person.parse({ id: 'x', name: '<img src=x onerror=alert(1)>' })]);
    expect(document.querySelector('img')).toBeNull();
    expect(screen.getByText('<img src=x onerror=alert(1)>')).toBeTruthy();
  });
});
