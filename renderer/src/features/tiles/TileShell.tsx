import { createContext, useContext, useState, type CSSProperties, type KeyboardEvent, type ReactNode } from 'react';
import { cleanText, type Device } from '../../../../core/model';
import { useHub, useHubStoreApi } from '../../store/context';
import { deviceName } from '../../store/search';
import { AlertIcon, CloseIcon } from '../../ui/icons';
import { useOpenDevicePanel } from '../../routes/panel-context';
import { DeviceDetailDialog } from '../device-detail/DeviceDetailDialog';
import { ClockTime } from './TimeText';
import { AutomationNote } from '../rooms/AutomationNote';

/** Where a tile is in its room (1-based), for aria-posinset/aria-setsize; null outside a list. */
export const TilePositionContext = createContext<{ position: number; setSize: number } | null>(null);

export type TileShellProps = {
  device: Device;
  icon: ReactNode;
  /** Tints the icon badge, e.g. the light's colour while on. */
  accent?: string | undefined;
  active?: boolean;
  /** Right side of the header, e.g. the power switch. */
  headerControl?: ReactNode;
  /** Small line under the name, e.g. "On · 40%". */
  summary?: ReactNode;
  children?: ReactNode;
  /** Keyboard control of the tile itself (e.g. Space plays/pauses a speaker); makes the tile focusable. */
  onKeyDown?: (event: KeyboardEvent<HTMLElement>) => void;
};

export function TileShell({ device, icon, accent, active, headerControl, summary, children, onKeyDown }: TileShellProps) {
  const name = deviceName(device);
  const failure = useHub((s) => s.failures[device.id]);
  const store = useHubStoreApi();
  const unavailable = device.availability !== 'online';
  // After a broker reconnect a device that has not reported again is 'unknown': its old values may be
  // wrong, so none are shown until it reports (an offline device keeps its last values, greyed).
  const stale = device.availability === 'unknown';
  const reason = cleanText(device.availabilityReason, 200);
  // Under the router the panel has its own address (/devices/:id); a tile rendered alone shows it itself.
  const openPanel = useOpenDevicePanel();
  const [detailOpen, setDetailOpen] = useState(false);
  const where = useContext(TilePositionContext);

  return (
    <article
      className="tile"
      aria-label={name}
      aria-posinset={where?.position}
      aria-setsize={where?.setSize}
      tabIndex={onKeyDown ? 0 : undefined}
      onKeyDown={onKeyDown}
      data-availability={device.availability}
      data-active={active && !unavailable ? '' : undefined}
      style={accent && active && !unavailable ? ({ '--tile-accent': accent } as CSSProperties) : undefined}
    >
      <header className="tile__head">
        <button
          type="button"
          className="tile__icon"
          aria-label={`Details for ${name}`}
          title="Details and history"
          onClick={() => (openPanel ? openPanel(device.id) : setDetailOpen(true))}
        >
          {icon}
        </button>
        <div className="tile__title">
          <h3 className="tile__name" title={name}>
            {name}
          </h3>
          <p className="tile__summary">
            {device.availability === 'offline' ? (
              <span className="tile__offline">
                {device.availabilitySince ? (
                  <>
                    Offline since <ClockTime at={device.availabilitySince} />
                  </>
                ) : (
                  'Offline'
                )}
              </span>
            ) : device.availability === 'unknown' ? (
              <span className="tile__offline">State unknown</span>
            ) : (
              summary
            )}
          </p>
        </div>
        {headerControl && !stale ? <div className="tile__head-control">{headerControl}</div> : null}
      </header>
      {unavailable && reason ? <p className="tile__reason">{reason}</p> : null}
      {children && !stale ? <div className="tile__body">{children}</div> : null}
      {device.roomId && (device.kind === 'light' || device.capabilities.climate) ? (
        <AutomationNote deviceId={device.id} roomId={device.roomId} />
      ) : null}
      {failure ? (
        <div className="tile__failure" role="alert">
          <AlertIcon className="tile__failure-icon" />
          <span>{failure.message}</span>
          <button
            type="button"
            className="icon-button icon-button--small"
            aria-label="Dismiss"
            onClick={() => store.getState().dismissFailure(device.id)}
          >
            <CloseIcon />
          </button>
        </div>
      ) : null}
      {detailOpen ? <DeviceDetailDialog deviceId={device.id} open={detailOpen} onOpenChange={setDetailOpen} /> : null}
    </article>
  );
}
