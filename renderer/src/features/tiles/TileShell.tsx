import type { CSSProperties, ReactNode } from 'react';
import { cleanText, type Device } from '../../../../core/model';
import { useHub, useHubStoreApi } from '../../store/context';
import { deviceName } from '../../store/search';
import { AlertIcon, CloseIcon } from '../../ui/icons';
import { ClockTime } from './TimeText';

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
};

export function TileShell({ device, icon, accent, active, headerControl, summary, children }: TileShellProps) {
  const name = deviceName(device);
  const failure = useHub((s) => s.failures[device.id]);
  const store = useHubStoreApi();
  const unavailable = device.availability !== 'online';
  const reason = cleanText(device.availabilityReason, 200);

  return (
    <article
      className="tile"
      aria-label={name}
      data-availability={device.availability}
      data-active={active && !unavailable ? '' : undefined}
      style={accent && active && !unavailable ? ({ '--tile-accent': accent } as CSSProperties) : undefined}
    >
      <header className="tile__head">
        <span className="tile__icon" aria-hidden="true">
          {icon}
        </span>
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
        {headerControl ? <div className="tile__head-control">{headerControl}</div> : null}
      </header>
      {unavailable && reason ? <p className="tile__reason">{reason}</p> : null}
      {children ? <div className="tile__body">{children}</div> : null}
      {failure ? (
        <div className="tile__failure" role="alert">
          <AlertIcon className="tile__failure-icon" />
          <span>{failure.message}</span>
          <button type="button" className="icon-button icon-button--small" aria-label="Dismiss" onClick={() => store.getState().dismissFailure(device.id)}>
            <CloseIcon />
          </button>
        </div>
      ) : null}
    </article>
  );
}
