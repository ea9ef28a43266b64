/**
 * A speaker (any device with the `media` capability): what is playing, play/pause, next, volume
 * and mute. Space on the focused tile plays/pauses. Track strings come from devices: text only.
 * Album art is not shown: the CSP allows images only from the app itself (`img-src 'self' data:`),
 * and a device's art URL is untrusted (the hub passes only URLs on the player's own address, as
 * the `albumArtUrl` attribute, for a later hub-side proxy).
 */
import type { KeyboardEvent } from 'react';
import type { Device } from '../../../../core/model';
import { SpeakerIcon } from '../../ui/icons';
import { SpeakerControls, STATE_TEXT, useSpeakerState } from './SpeakerControls';
import { TileShell } from './TileShell';
import { useControlsDisabled, useSendCommand } from './use-control';
import './SpeakerTile.css';

export function SpeakerTile({ device }: { device: Device }) {
  const send = useSendCommand(device.id);
  const offline = useControlsDisabled(device);
  const { state, volume, muted, playing } = useSpeakerState(device);
  const cap = device.capabilities.media;
  if (!cap) return null;
  const disabled = offline || !cap.writable;

  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    // Only the tile itself: Space on a button or slider inside keeps its own meaning.
    if (event.key !== ' ' || event.target !== event.currentTarget || disabled) return;
    event.preventDefault();
    send({ media: { action: playing ? 'pause' : 'play' } });
  };

  const summary = state
    ? `${STATE_TEXT[state]}${volume.value !== null ? ` · ${muted.value ? 'muted' : `${Math.round(volume.value)}%`}` : ''}`
    : 'No state yet';

  return (
    <TileShell
      device={device}
      icon={<SpeakerIcon />}
      active={playing}
      accent="var(--accent)"
      summary={summary}
      onKeyDown={onKeyDown}
    >
      <SpeakerControls device={device} />
    </TileShell>
  );
}
