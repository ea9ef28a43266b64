/**
 * On a device tile: a "Manual" badge with one-tap "Resume automatic" while someone's change holds,
 * and "Why is it like this?" — the arbiter's own record of who set the device and why.
 */
import { useState } from 'react';
import type { MethodResponse } from '../../../../core/api/contract';
import { useClock, useHubStoreApi } from '../../store/context';
import { failureMessage } from '../../store/hub-store';
import { useRoomAutomations } from './room-state';

/** Rendered only for devices in a room (room automations are asked for on first use). */
export function AutomationNote({ deviceId, roomId }: { deviceId: string; roomId: string }) {
  const store = useHubStoreApi();
  const { client } = store;
  const clock = useClock();
  const override = useRoomAutomations((s) => s.roomStatuses[roomId]?.overrides.find((o) => o.deviceId === deviceId));
  const latest = useRoomAutomations((s) => s.decisions[deviceId]);
  const [open, setOpen] = useState(false);
  const [explanation, setExplanation] = useState<MethodResponse<'explainDevice'> | null>(null);
  const [error, setError] = useState<string | null>(null);

  const toggleWhy = async () => {
    if (open) return setOpen(false);
    setOpen(true);
    try {
      setExplanation(await client.call('explainDevice', { deviceId }));
      setError(null);
    } catch (e) {
      setError(failureMessage(e));
    }
  };
  const resume = async () => {
    try {
      const status = await client.call('resumeAutomatic', { deviceId });
      store.getState().putRoomStatus(status);
    } catch (e) {
      setError(failureMessage(e));
    }
  };
  const why = latest ?? explanation?.why ?? null;

  return (
    <div className="automation-note">
      <div className="automation-note__row">
        {override ? (
          <>
            <span className="ui-badge ui-badge--warn" title={override.keptOff ? 'Switched off by hand' : 'Changed by hand'}>
              Manual
            </span>
            <button type="button" className="link-button" onClick={() => void resume()}>
              Resume automatic
            </button>
          </>
        ) : null}
        <button type="button" className="link-button automation-note__why" aria-expanded={open} onClick={() => void toggleWhy()}>
          Why is it like this?
        </button>
      </div>
      {open ? (
        <div className="automation-note__text" role="status">
          {error ? (
            <span className="form-error">{error}</span>
          ) : why ? (
            <>
              <span className="automation-note__at">{clock.time(why.at)}</span> {why.text}
              {why.overruled.length > 0 ? (
                <span className="automation-note__overruled"> (overruled: {why.overruled.map((o) => o.writer).join(', ')})</span>
              ) : null}
            </>
          ) : explanation ? (
            'Room automations have not changed it: it is as someone or the device left it.'
          ) : (
            'Asking the hub…'
          )}
        </div>
      ) : null}
    </div>
  );
}
