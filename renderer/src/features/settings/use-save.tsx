/** One save at a time with its outcome as a message: what every settings section shows after a change. */
import { useCallback, useState } from 'react';
import { failureMessage } from '../../store/hub-store';

export type SaveState =
  { kind: 'idle' } | { kind: 'busy' } | { kind: 'saved'; message: string } | { kind: 'error'; message: string };

export function useSave(): [SaveState, (action: () => Promise<unknown>, done: string) => Promise<boolean>] {
  const [state, setState] = useState<SaveState>({ kind: 'idle' });
  const run = useCallback(async (action: () => Promise<unknown>, done: string) => {
    setState({ kind: 'busy' });
    try {
      await action();
      setState({ kind: 'saved', message: done });
      return true;
    } catch (error) {
      setState({ kind: 'error', message: failureMessage(error) });
      return false;
    }
  }, []);
  return [state, run];
}

export function SaveMessage({ state }: { state: SaveState }) {
  if (state.kind === 'error')
    return (
      <p className="form-error" role="alert">
        {state.message}
      </p>
    );
  return (
    <p className="form-status" role="status">
      {state.kind === 'saved' ? state.message : state.kind === 'busy' ? 'Saving…' : ''}
    </p>
  );
}
