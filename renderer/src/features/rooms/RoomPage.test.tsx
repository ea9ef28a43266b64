// @vitest-environment jsdom
import { cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { stubLayout } from '../../test/layout-stubs';
import type { MethodName, MethodRequest, MethodResponse } from '../../../../core/api/contract';
import { Person, RoomBehaviour, type Device, type Room, type RoomStatus } from '../../../../core/model';
import { hhmm } from '../../../../core/model/time';
import { HubStoreProvider } from '../../store/context';
import { createHubStore } from '../../store/hub-store';
import { contact, FakeClient, light, ManualFrames, sensor, speaker, thermostat } from '../../test/fixtures';
import { RoomPage } from './RoomPage';

beforeAll(stubLayout);
afterEach(cleanup);

const hall: Room = { id: 'hall', name: 'Hall', kind: 'home' };
const now = Date.now();
const door = { id: 'h-door', name: 'Hall door', kind: 'door' as const };

function status(patch: Partial<RoomStatus> = {}): RoomStatus {
  return {
    roomId: 'hall',
    occupancy: { state: 'occupied', since: now - 60_000, source: door, until: null, paused: false },
    holds: [],
    preference: null,
    overrides: [],
    next: [],
    climate: null,
    people: [],
    ...patch,
  };
}

const HALL: Device[] = [
  light('h-lamp', { name: 'Hall lamp', roomId: 'hall' }),
  contact('h-door', 'Hall door', 'hall'),
  sensor('h-motion', { name: 'Hall motion', roomId: 'hall', capabilities: { motion: { value: false, writable: false } } }),
];

async function setup(roomStatus: RoomStatus, devices: Device[] = HALL, behaviour: object = {}) {
  const client = new FakeClient();
  const calls: { method: MethodName; params: unknown }[] = [];
  const record =
    <M extends MethodName>(method: M, answer: (params: MethodRequest<M>) => MethodResponse<M>) =>
    (params: MethodRequest<M>) => {
      calls.push({ method, params });
      return answer(params);
    };
  client.auto.listDevices = () => devices;
  client.auto.listRooms = () => [hall];
  client.auto.listRoomStatus = () => [roomStatus];
  client.auto.listPeople = () => [Person.parse({ id: 'alice', name: 'Alice', roomId: 'hall' })];
  client.auto.explainDevice = () => ({ why: null, history: [] });
  client.auto.getRoomBehaviour = record('getRoomBehaviour', () =>
    RoomBehaviour.parse({ roomId: 'hall', occupancy: { ownDoors: ['h-door', 'b-door'] }, ...behaviour }),
  );
  client.auto.updateRoomBehaviour = record('updateRoomBehaviour', (p) => RoomBehaviour.parse({ roomId: p.roomId }));
  client.auto.setRoomHold = record('setRoomHold', () => roomStatus);
  client.auto.setPersonRoom = record('setPersonRoom', () => Person.parse({ id: 'alice', name: 'Alice' }));
  client.auto.resumeAutomatic = record('resumeAutomatic', () => roomStatus);
  client.auto.getTimeline = () => [
    { at: now + 3_600_000, text: "'Porch light' runs at 18:00: when the sun sets", source: 'automation', roomId: 'porch' },
    { at: now + 7_200_000, text: "'Hall night' runs at 23:00: when it is 23:00", source: 'automation', roomId: 'hall' },
    { at: now + 60_000, text: 'lights off in 1 min', source: 'room', roomId: 'hall' },
  ];
  // Times read as the hub's settings ask: 24 h here, whatever the test browser's locale.
  client.auto.getSettings = () => ({ timeFormat: '24h' });
  const store = createHubStore({ client, scheduler: new ManualFrames(), units: 'celsius' });
  store.start();
  await waitFor(() => expect(store.getState().loaded && store.getState().settingsLoaded).toBe(true));
  render(
    <HubStoreProvider store={store}>
      <RoomPage room={hall} onBack={() => {}} />
    </HubStoreProvider>,
  );
  await screen.findByRole('heading', { name: 'Occupancy' });
  return { calls, client };
}

describe('room page: what happens next', () => {
  it('lists the room’s own plans and the automations due that concern it, soonest first', async () => {
    await setup(status({ next: [{ at: now + 60_000, roomId: 'hall', text: 'lights off in 1 min' }] }));
    const list = await screen.findByRole('list', { name: 'Next in this room' });
    await waitFor(() => expect(list.children).toHaveLength(2));
    expect([...list.children].map((li) => li.textContent?.replace(/^\S+ /, ''))).toEqual([
      'lights off in 1 min',
      "'Hall night' runs at 23:00: when it is 23:00",
    ]);
  });
});

describe('room page: which rule holds the room', () => {
  it('a door holding the room offers “Not this room’s own door”, which takes it out of ownDoors', async () => {
    const cappedAt = now + 3 * 3_600_000;
    const { calls } = await setup(
      status({ heldBy: [{ source: door, rule: 'its own door is closed with someone inside', change: 'notOwnDoor', cappedAt }] }),
    );
    const occupancy = screen.getByRole('region', { name: 'Occupancy' });
    expect(occupancy.textContent).toContain('Rule: its own door is closed with someone inside');
    expect(occupancy.textContent).toContain(`at most until ${hhmm(cappedAt)} (the room’s maximum hold)`);
    fireEvent.click(within(occupancy).getByRole('button', { name: 'Not this room’s own door' }));
    await waitFor(() => expect(calls.map((c) => c.method)).toEqual(['getRoomBehaviour', 'updateRoomBehaviour']));
    expect(calls[1]?.params).toEqual({ roomId: 'hall', behaviour: { occupancy: { ownDoors: ['b-door'] } } });
  });

  it('someone marked present: “Mark Alice gone” takes her out of the room', async () => {
    const alice = { id: 'person:alice', name: 'Alice (marked present)', kind: 'person' as const };
    const { calls } = await setup(
      status({ people: ['Alice'], heldBy: [{ source: alice, rule: 'marked present', change: 'markGone', cappedAt: null }] }),
    );
    fireEvent.click(screen.getByRole('button', { name: 'Mark Alice gone' }));
    await waitFor(() => expect(calls).toEqual([{ method: 'setPersonRoom', params: { personId: 'alice', roomId: null } }]));
  });

  it('a manual hold: its rule is named, and “Release hold” ends it', async () => {
    const hold = { id: 'hold', name: 'Occupied for 1 h', kind: 'hold' as const };
    const { calls } = await setup(
      status({
        holds: [{ kind: 'occupied', since: now, until: now + 3_600_000 }],
        heldBy: [{ source: hold, rule: 'held by hand', change: 'releaseHold', cappedAt: null }],
      }),
    );
    const occupancy = screen.getByRole('region', { name: 'Occupancy' });
    expect(occupancy.textContent).toContain('Rule: held by hand');
    // One button, not two: the rule's change is the quick overrides' "Release hold".
    fireEvent.click(within(occupancy).getByRole('button', { name: 'Release hold' }));
    await waitFor(() => expect(calls).toEqual([{ method: 'setRoomHold', params: { roomId: 'hall', hold: 'none' } }]));
  });

  it('says which source is stuck and since when it is ignored', async () => {
    const motion = { id: 'h-motion', name: 'Hall motion', kind: 'motion' as const };
    await setup(status({ stuck: [{ source: motion, activeSince: now - 13 * 3_600_000, ignoredSince: now - 3_600_000 }] }));
    expect(screen.getByRole('note').textContent).toBe(
      `Stuck Hall motion has reported activity since ${hhmm(now - 13 * 3_600_000)} with no other sign of life; ignored since ${hhmm(now - 3_600_000)} (the room’s maximum hold).`,
    );
  });
});

describe('room page: devices', () => {
  it('shows only the sections the room has, and its tiles control the devices', async () => {
    const { client } = await setup(status());
    expect(screen.getAllByRole('heading', { level: 3 }).map((h) => h.textContent)).toEqual([
      'Occupancy',
      'Right now',
      'What happens next',
      'Why it is like this',
      'Lights and switches',
      'Hall lamp',
      'Sensors',
      'Hall door',
      'Hall motion',
    ]);
    expect(screen.queryByRole('region', { name: 'Climate' })).toBeNull();
    expect(screen.queryByRole('region', { name: 'Speakers' })).toBeNull();
    expect(screen.queryByText(/thermostat/i)).toBeNull();
    const lights = screen.getByRole('region', { name: 'Lights and switches' });
    fireEvent.click(within(lights).getByRole('switch', { name: 'Hall lamp' }));
    await waitFor(() =>
      expect(client.calls.filter((c) => c.method === 'sendCommand').map((c) => c.params)).toEqual([
        { id: 'h-lamp', command: { power: true } },
      ]),
    );
    expect(within(lights).getByRole('slider', { name: 'Hall lamp brightness' })).toBeTruthy();
  });

  it('with a thermostat and a speaker: their sections, and a thermostat held by hand can be kept until changed', async () => {
    const devices = [
      thermostat('h-thermo', 20, { name: 'Hall radiator', roomId: 'hall' }),
      speaker('h-speaker', { name: 'Hall speaker', roomId: 'hall' }),
    ];
    const held = status({
      climate: {
        targetC: 21,
        text: 'comfort',
        rateCPerHour: 1,
        hold: { deviceId: 'h-thermo', targetC: 23, until: now + 3_600_000 },
      },
    });
    const { calls } = await setup(held, devices);
    const climate = screen.getByRole('region', { name: 'Climate' });
    expect(within(climate).getByRole('article', { name: 'Hall radiator' })).toBeTruthy();
    expect(
      within(screen.getByRole('region', { name: 'Speakers' })).getByRole('slider', { name: 'Hall speaker volume' }),
    ).toBeTruthy();
    expect(climate.textContent).toContain(`Set by hand to 23.0 °C, kept until ${hhmm(now + 3_600_000)}`);
    fireEvent.click(within(climate).getByRole('button', { name: 'Keep until I change it' }));
    await waitFor(() =>
      expect(calls).toEqual([
        { method: 'updateRoomBehaviour', params: { roomId: 'hall', behaviour: { climate: { manualHold: 'untilChanged' } } } },
      ]),
    );
    fireEvent.click(within(climate).getByRole('button', { name: 'Resume automatic' }));
    await waitFor(() => expect(calls.at(-1)).toEqual({ method: 'resumeAutomatic', params: { deviceId: 'h-thermo' } }));
  });
});
