/**
 * What the schema cannot know: whether an automation or a scene refers to things the hub has. Pure: answers every
 * problem with the field it is in ("triggers.0.device: no device with id …"), so the API can answer a 400 that
 * names it. The schema itself already refuses a cron that never fires, bad durations and bad values.
 */
import {
  isSceneState,
  type Action,
  type AutomationDraft,
  type CapabilityName,
  type Command,
  type Condition,
  type Device,
  type Scene,
  type SceneEntry,
  type Trigger,
} from '../../model';
import { sceneCycle } from './scenes';

export interface Known {
  device(id: string): Device | undefined;
  roomExists(id: string): boolean;
  personExists(id: string): boolean;
  scene(id: string): Scene | undefined;
}

export interface Problem {
  /** `triggers.0.device`. */
  path: string;
  message: string;
}

type Path = (string | number)[];

/** `triggers.0.device`, as the API names a field a schema refused. */
const formatPath = (path: Path) => path.join('.');

/** The capability a watched field reads ("climate.mode" → climate). */
const capabilityOf = (field: string) => field.split('.')[0] as CapabilityName;

function deviceProblem(known: Known, id: string, path: Path, problems: Problem[]): Device | undefined {
  const device = known.device(id);
  if (!device) problems.push({ path: formatPath(path), message: `no device with id "${id}"` });
  return device;
}

function watched(known: Known, id: string, field: string, path: Path, problems: Problem[]): void {
  const device = deviceProblem(known, id, [...path, 'device'], problems);
  if (device && !(capabilityOf(field) in device.capabilities))
    problems.push({ path: formatPath([...path, 'capability']), message: `${device.name} has no ${field}` });
}

function trigger(known: Known, t: Trigger, path: Path, problems: Problem[]): void {
  switch (t.type) {
    case 'state':
    case 'numeric':
      return watched(known, t.device, t.capability, path, problems);
    case 'availability':
    case 'event':
      return void deviceProblem(known, t.device, [...path, 'device'], problems);
    case 'room':
      if (!known.roomExists(t.room))
        problems.push({ path: formatPath([...path, 'room']), message: `no room with id "${t.room}"` });
      return;
    case 'person':
      if (t.person !== undefined && !known.personExists(t.person))
        problems.push({ path: formatPath([...path, 'person']), message: `no person with id "${t.person}"` });
      if (t.room !== undefined && !known.roomExists(t.room))
        problems.push({ path: formatPath([...path, 'room']), message: `no room with id "${t.room}"` });
      return;
    default:
      return;
  }
}

function condition(known: Known, c: Condition, path: Path, problems: Problem[]): void {
  switch (c.type) {
    case 'state':
    case 'numeric':
      return watched(known, c.device, c.capability, path, problems);
    case 'room':
      if (!known.roomExists(c.room))
        problems.push({ path: formatPath([...path, 'room']), message: `no room with id "${c.room}"` });
      return;
    case 'person':
      if (c.person !== undefined && !known.personExists(c.person))
        problems.push({ path: formatPath([...path, 'person']), message: `no person with id "${c.person}"` });
      if (c.room !== undefined && !known.roomExists(c.room))
        problems.push({ path: formatPath([...path, 'room']), message: `no room with id "${c.room}"` });
      return;
    case 'and':
    case 'or':
    case 'not':
      return c.conditions.forEach((inner, i) => condition(known, inner, [...path, 'conditions', i], problems));
    default:
      return;
  }
}

/** The capabilities a command sets that the device lacks or cannot set. */
export function commandProblems(device: Device, command: Command): string[] {
  const out: string[] = [];
  for (const key of Object.keys(command) as CapabilityName[]) {
    const cap = device.capabilities[key];
    if (!cap) out.push(`${device.name} has no ${key}`);
    else if (!cap.writable) out.push(`${device.name}'s ${key} can only be read`);
  }
  return out;
}

function action(known: Known, a: Action, path: Path, problems: Problem[]): void {
  switch (a.type) {
    case 'command': {
      if (a.device !== undefined) {
        const device = deviceProblem(known, a.device, [...path, 'device'], problems);
        if (device && a.command)
          for (const message of commandProblems(device, a.command))
            problems.push({ path: formatPath([...path, 'command']), message });
      }
      if (a.room !== undefined && !known.roomExists(a.room))
        problems.push({ path: formatPath([...path, 'room']), message: `no room with id "${a.room}"` });
      if (a.scene !== undefined && !known.scene(a.scene))
        problems.push({ path: formatPath([...path, 'scene']), message: `no scene with id "${a.scene}"` });
      return;
    }
    case 'wait':
      return trigger(known, a.trigger, [...path, 'trigger'], problems);
    case 'choose':
      a.when.forEach((branch, i) => {
        branch.conditions.forEach((c, j) => condition(known, c, [...path, 'when', i, 'conditions', j], problems));
        branch.actions.forEach((inner, j) => action(known, inner, [...path, 'when', i, 'actions', j], problems));
      });
      a.otherwise?.forEach((inner, i) => action(known, inner, [...path, 'otherwise', i], problems));
      return;
    default:
      return;
  }
}

/** Every reference of an automation that the hub does not have. */
export function automationProblems(a: Pick<AutomationDraft, 'triggers' | 'conditions' | 'actions'>, known: Known): Problem[] {
  const problems: Problem[] = [];
  a.triggers.forEach((t, i) => trigger(known, t, ['triggers', i], problems));
  a.conditions.forEach((c, i) => condition(known, c, ['conditions', i], problems));
  a.actions.forEach((x, i) => action(known, x, ['actions', i], problems));
  return problems;
}

/** Unknown devices and scenes, commands a device cannot take, and a cycle of includes through `scene` itself. */
export function sceneProblems(scene: Scene, known: Known, all: ReadonlyMap<string, Scene>): Problem[] {
  const problems: Problem[] = [];
  scene.states.forEach((entry: SceneEntry, i) => {
    if (isSceneState(entry)) {
      const device = deviceProblem(known, entry.device, ['states', i, 'device'], problems);
      if (device)
        for (const message of commandProblems(device, entry.command)) problems.push({ path: `states.${i}.command`, message });
    } else if (entry.scene !== scene.id && !known.scene(entry.scene))
      problems.push({ path: `states.${i}.scene`, message: `no scene with id "${entry.scene}"` });
  });
  const scenes = new Map(all);
  scenes.set(scene.id, scene);
  const cycle = sceneCycle(scenes, scene.id);
  if (cycle) {
    const index = scene.states.findIndex((e) => !isSceneState(e) && e.scene === cycle[1]);
    const names = cycle.map((id) => `“${scenes.get(id)?.name ?? id}”`);
    problems.push({
      path: `states.${Math.max(0, index)}.scene`,
      message: `scenes include each other in a cycle: ${names.join(' → ')}`,
    });
  }
  return problems;
}
