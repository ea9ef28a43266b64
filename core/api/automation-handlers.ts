/**
 * The HubApi methods of people's automations and scenes (core/automations/rules/runner.ts): CRUD, run now, traces,
 * dry runs, scenes and the timeline. Part of createHandlers (handlers.ts). Input that refers to what the hub does not
 * have is a 400 naming the field, in the same words as a schema problem.
 */
import { RuleInputError, type AutomationRunner } from '../automations/rules/runner';
import { ApiError, type MethodName } from './contract';
import { handle, type Handlers } from './dispatch';

export interface AutomationHandlerDeps {
  runner: AutomationRunner;
  now: () => number;
}

type AutomationMethod =
  | 'listAutomations'
  | 'createAutomation'
  | 'getAutomation'
  | 'updateAutomation'
  | 'deleteAutomation'
  | 'runAutomation'
  | 'listAutomationTraces'
  | 'dryRunAutomation'
  | 'listScenes'
  | 'createScene'
  | 'updateScene'
  | 'deleteScene'
  | 'applyScene'
  | 'getTimeline';

const DAY_MS = 86_400_000;
const DRY_RUN_MAX_MS = 7 * DAY_MS;

/** "Invalid createAutomation request: triggers.0.device: no device with id "x"" (the first problem, like a schema's). */
function invalid(name: MethodName, error: unknown, prefix = ''): never {
  if (error instanceof RuleInputError) {
    const first = error.problems[0];
    throw new ApiError('invalid', `Invalid ${name} request: ${prefix}${first?.path ?? ''}: ${first?.message ?? error.message}`);
  }
  throw error;
}

export function createAutomationHandlers(deps: AutomationHandlerDeps | undefined): Pick<Handlers, AutomationMethod> {
  const need = () => {
    if (!deps) throw new ApiError('unavailable', 'This hub does not run automations');
    return deps.runner;
  };
  const automation = (id: string) => {
    const found = need().get(id);
    if (!found) throw new ApiError('not_found', `No automation with id "${id}"`);
    return found;
  };
  const scene = (id: string) => {
    const found = need().scene(id);
    if (!found) throw new ApiError('not_found', `No scene with id "${id}"`);
    return found;
  };

  return {
    listAutomations: handle('listAutomations', async () => need().list()),
    createAutomation: handle('createAutomation', async (draft) => {
      if (draft.id !== undefined && need().get(draft.id))
        throw new ApiError('invalid', `Invalid createAutomation request: id: an automation with id "${draft.id}" exists`);
      try {
        return need().save(draft);
      } catch (error) {
        invalid('createAutomation', error);
      }
    }),
    getAutomation: handle('getAutomation', async ({ id }) => automation(id)),
    updateAutomation: handle('updateAutomation', async (input) => {
      automation(input.id);
      try {
        return need().save(input, input.id);
      } catch (error) {
        invalid('updateAutomation', error);
      }
    }),
    deleteAutomation: handle('deleteAutomation', async ({ id }) => {
      automation(id);
      need().remove(id);
      return { id };
    }),
    runAutomation: handle('runAutomation', async ({ id }) => {
      automation(id);
      return { id, started: need().run(id) };
    }),
    listAutomationTraces: handle('listAutomationTraces', async ({ id, limit }) => {
      automation(id);
      return need().traces(id, limit);
    }),
    dryRunAutomation: handle('dryRunAutomation', async ({ automation: draft, from, to }) => {
      const end = to ?? deps!.now();
      const start = from ?? end - DAY_MS;
      if (start >= end) throw new ApiError('invalid', 'Invalid dryRunAutomation request: from: must be before to');
      if (end - start > DRY_RUN_MAX_MS)
        throw new ApiError('invalid', 'Invalid dryRunAutomation request: from: a dry run covers at most 7 days');
      try {
        const result = need().dryRun(draft, start, end);
        return { runs: result.runs, notRun: result.notRun, from: start, to: end };
      } catch (error) {
        invalid('dryRunAutomation', error, 'automation.');
      }
    }),
    listScenes: handle('listScenes', async () => need().scenes()),
    createScene: handle('createScene', async (input) => {
      if (input.id !== undefined && need().scene(input.id))
        throw new ApiError('invalid', `Invalid createScene request: id: a scene with id "${input.id}" exists`);
      try {
        return need().createScene(input);
      } catch (error) {
        invalid('createScene', error);
      }
    }),
    updateScene: handle('updateScene', async (input) => {
      scene(input.id);
      try {
        return need().saveScene(input);
      } catch (error) {
        invalid('updateScene', error);
      }
    }),
    deleteScene: handle('deleteScene', async ({ id }) => {
      scene(id);
      need().removeScene(id);
      return { id };
    }),
    applyScene: handle('applyScene', async ({ id }, context) => {
      scene(id);
      return { id, results: await need().applySceneByHand(id, context.client) };
    }),
    getTimeline: handle('getTimeline', async ({ hours }) => need().timeline(hours)),
  };
}
