/**
 * The HubApi's automations part (people's rules, scenes, traces, dry runs, the timeline), spread into `methods` and
 * `events` in contract.ts. Pure: imported by core and renderer alike. The JSON form of an automation is the model's
 * (core/model/automation.ts), the same in the API, the backup and the editor.
 */
import { z } from 'zod';
import { Automation, AutomationDraft, Scene, SceneEntry, Trace } from '../model';
import { event, method, Time } from './contract-row';

const Empty = z.object({}).strict();
const Removed = z.object({ id: z.string() });

export const DryRunRun = z.object({ at: z.number(), trace: Trace });
export const DryRunResult = z.object({
  /** When it would have run, each with its trace, in time order. */
  runs: z.array(DryRunRun),
  /** Triggers that fired without a run (conditions failed, the mode refused), with their traces. */
  notRun: z.array(DryRunRun),
  from: z.number(),
  to: z.number(),
});
export type DryRunResult = z.infer<typeof DryRunResult>;

export const TimelineEntry = z.object({
  at: z.number(),
  /** "'Porch light' runs at 17:42: when the sun sets", "Hall lights off in 4 min unless motion". */
  text: z.string(),
  source: z.enum(['automation', 'room']),
  deviceId: z.string().optional(),
  roomId: z.string().optional(),
  automationId: z.string().optional(),
});
export type TimelineEntry = z.infer<typeof TimelineEntry>;

/** `{ devices }` / `{ rooms }` capture those devices' current state; `{ states }` gives them (both may be combined). */
export const SceneCreate = z
  .strictObject({
    id: z.string().min(1).max(100).optional(),
    name: z.string().trim().min(1, 'give it a name').max(200),
    devices: z.array(z.string().min(1).max(300)).max(500).optional(),
    rooms: z.array(z.string().min(1).max(100)).max(100).optional(),
    states: z.array(SceneEntry).max(500).optional(),
    transitionS: z.number().min(0).max(3600).optional(),
  })
  .refine((s) => s.devices !== undefined || s.rooms !== undefined || s.states !== undefined, {
    message: 'give devices (to capture), rooms (to capture) or states',
    path: ['devices'],
  });

export const SceneApplyResult = z.object({
  id: z.string(),
  results: z.array(z.object({ deviceId: z.string(), ok: z.boolean(), detail: z.string() })),
});

export const AutomationNotification = z.object({
  automationId: z.string(),
  automationName: z.string(),
  title: z.string().optional(),
  text: z.string(),
  at: z.number(),
});

export const automationMethods = {
  listAutomations: method({
    description: 'Every automation, in the order they were made.',
    rest: { method: 'GET', path: '/api/automations' },
    access: { level: 'member' },
    request: Empty,
    response: z.array(Automation),
  }),
  createAutomation: method({
    description:
      'Saves a new automation (its id made from the name unless given). 400 names the field: an unknown device, room, person or scene, a capability the device lacks, a cron that never fires.',
    rest: { method: 'POST', path: '/api/automations', status: 201 },
    access: { level: 'member' },
    request: AutomationDraft,
    response: Automation,
  }),
  getAutomation: method({
    description: 'One automation.',
    rest: { method: 'GET', path: '/api/automations/:id' },
    access: { level: 'member' },
    request: z.object({ id: z.string() }).strict(),
    response: Automation,
  }),
  updateAutomation: method({
    description:
      'Replaces an automation (validated like a new one); its runs restart on the new definition. Resumes one stopped as a loop.',
    rest: { method: 'PUT', path: '/api/automations/:id' },
    access: { level: 'member' },
    request: Automation,
    response: Automation,
  }),
  deleteAutomation: method({
    description: 'Removes an automation and its traces; its runs are cancelled.',
    rest: { method: 'DELETE', path: '/api/automations/:id' },
    access: { level: 'member' },
    request: z.object({ id: z.string() }).strict(),
    response: Removed,
  }),
  runAutomation: method({
    description:
      'Runs the actions now, skipping the conditions (the mode still applies); `started: false` when disabled or stopped as a loop.',
    rest: { method: 'POST', path: '/api/automations/:id/run', body: 'ignore' },
    access: { level: 'member' },
    request: z.object({ id: z.string() }).strict(),
    response: z.object({ id: z.string(), started: z.boolean() }),
  }),
  listAutomationTraces: method({
    description:
      'Newest first (`limit` default 50, at most 500), runs still going included: the trigger with its values, each condition with what it saw, each action with its outcome; `ran: false` with the reason when it did not run.',
    rest: { method: 'GET', path: '/api/automations/:id/traces' },
    access: { level: 'member' },
    request: z.object({ id: z.string(), limit: z.coerce.number().int().min(1).max(500).default(50) }).strict(),
    response: z.array(Trace),
  }),
  dryRunAutomation: method({
    description:
      'Evaluates an automation (saved or a draft) against what the history store recorded between `from` and `to` (default: the last 24 hours, at most 7 days), sending nothing.',
    rest: { method: 'POST', path: '/api/automations/dry-run' },
    access: { level: 'member' },
    request: z.object({ automation: AutomationDraft, from: Time.optional(), to: Time.optional() }).strict(),
    response: DryRunResult,
  }),
  listScenes: method({
    description: 'Every scene.',
    rest: { method: 'GET', path: '/api/scenes' },
    access: { level: 'member' },
    request: Empty,
    response: z.array(Scene),
  }),
  createScene: method({
    description:
      '`{ name, devices: [ids] }` or `{ name, rooms: [ids] }` captures those devices’ current state; `{ name, states: [{ device, command }] }` gives it; `{ scene }` entries include other scenes (never in a cycle).',
    rest: { method: 'POST', path: '/api/scenes', status: 201 },
    access: { level: 'member' },
    request: SceneCreate,
    response: Scene,
  }),
  updateScene: method({
    description: 'Replaces a scene (validated like a new one).',
    rest: { method: 'PUT', path: '/api/scenes/:id' },
    access: { level: 'member' },
    request: Scene,
    response: Scene,
  }),
  deleteScene: method({
    description: 'Removes a scene; automations and scenes that name it then skip it.',
    rest: { method: 'DELETE', path: '/api/scenes/:id' },
    access: { level: 'member' },
    request: z.object({ id: z.string() }).strict(),
    response: Removed,
  }),
  applyScene: method({
    description:
      'Applies a scene by hand: each device’s command is the caller’s own (a manual change for the rooms), answered once every device confirmed or failed.',
    rest: { method: 'POST', path: '/api/scenes/:id/apply', body: 'ignore' },
    access: { level: 'member' },
    request: z.object({ id: z.string() }).strict(),
    response: SceneApplyResult,
  }),
  getTimeline: method({
    description:
      'What happens next in the home (default 24 hours, at most 168), soonest first: time, cron and sun triggers, pending holds, sleeping runs, and the rooms’ planned changes.',
    rest: { method: 'GET', path: '/api/timeline' },
    access: { level: 'member' },
    request: z.object({ hours: z.coerce.number().min(1).max(168).default(24) }).strict(),
    response: z.array(TimelineEntry),
  }),
} as const;

export const automationEvents = {
  automationRun: event({
    description: 'A run ended, or a trigger did not lead to a run (`ran: false`): its trace.',
    payload: Trace,
  }),
  automationsChanged: event({
    description: 'Every automation, after any was created, changed or deleted (also by a restored backup).',
    payload: z.object({ automations: z.array(Automation) }),
  }),
  scenesChanged: event({
    description: 'Every scene, after any was created, changed or deleted (also by a restored backup).',
    payload: z.object({ scenes: z.array(Scene) }),
  }),
  automationNotification: event({
    description: 'An automation’s notify action: shown as a desktop notification (also written to the logbook).',
    payload: AutomationNotification,
  }),
} as const;
