/**
 * A speaker (any device with the `media` capability): what is playing, play/pause, next, volume
 * and mute. Space on the focused tile plays/pauses. Track strings come from devices: text only.
 * Album art is not shown: the CSP allows images only from the app itself (`img-src 'self' data:`),
 * and a device's art URL is untrusted (the hub passes only URLs on the player's own address, as
 * the `albumArtUrl` attribute, for a later hub-side proxy).
 */
import type { KeyboardEvent } from 'react';
import { cleanText, type Command, type Device, type MediaValue } from '../../../../core/model';
import { useDevicePending } from '../../store/context';
import { shownValue } from '../../store/pending';
import { Slider } from '../../ui/Slider';
import { Spinner } from '../../ui/Spinner';
import { TileShell } from './TileShell';
import { useControlsDisabled, useSendCommand } from './use-control';
import { MutedIcon, NextIcon, PauseIcon, PlayIcon, SpeakerIcon, VolumeIcon } from '../../ui/icons';
import './SpeakerTile.css';

const STATE_TEXT: Record<NonNullable<MediaValue['state']>, string> = { playing: 'Playing', paused: 'Paused', stopped: 'Stopped' };
const ACTION_STATE: Partial<Record<NonNullable<Command['media']>['action'] & string, MediaValue['state']>> = {
  play: 'playing',
  pause: 'paused',
  stop: 'stopped',
};

export function SpeakerTile({ device }: { device: Device }) {
  const pending = useDevicePending(device.id);
  const send = useSendCommand(device.id);
  const offline = useControlsDisabled(device);
  const cap = device.capabilities.media;
  if (!cap) return null;
  const media = cap.value;
  const disabled = offline || !cap.writable;

  const action = shownValue<string | null>(null, pending, 'media.action');
  const state = (action.value && ACTION_STATE[action.value as keyof typeof ACTION_STATE]) || media.state;
  const volume = shownValue(media.volume, pending, 'media.volume');
  const muted = shownValue(media.muted, pending, 'media.muted');
  const playing = state === 'playing';
  const title = cleanText(media.track?.title, 200);
  const artist = cleanText(media.track?.artist, 200);
  const source = cleanText(media.source ?? undefined, 200);

  const togglePlay = () => send({ media: { action: playing ? 'pause' : 'play' } });
  const onKeyDown = (event: KeyboardEvent<HTMLElement>) => {
    // Only the tile itself: Space on a button or slider inside keeps its own meaning.
    if (event.key !== ' ' || event.target !== event.currentTarget || disabled) return;
    event.preventDefault();
    togglePlay();
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
      <div className="speaker__now" aria-label="Now playing" role="group">
        {title ? (
          <>
            <p className="speaker__title" title={title}>
              {title}
            </p>
            {artist ? (
              <p className="speaker__artist" title={artist}>
                {artist}
              </p>
            ) : null}
          </>
        ) : (
          <p className="speaker__idle">{source || 'Nothing queued'}</p>
        )}
      </div>
      <div className="speaker__controls">
        <button
          type="button"
          className="icon-button speaker__play"
          aria-label={playing ? 'Pause' : 'Play'}
          aria-busy={action.pending || undefined}
          disabled={disabled}
          onClick={togglePlay}
        >
          {action.pending ? <Spinner /> : playing ? <PauseIcon /> : <PlayIcon />}
        </button>
        <button
          type="button"
          className="icon-button"
          aria-label="Next"
          disabled={disabled}
          onClick={() => send({ media: { action: 'next' } })}
        >
          <NextIcon />
        </button>
        <button
          type="button"
          className="icon-button speaker__mute"
          aria-label="Mute"
          aria-pressed={!!muted.value}
          aria-busy={muted.pending || undefined}
          disabled={disabled || muted.value === null}
          onClick={() => send({ media: { muted: !muted.value } })}
        >
          {muted.value ? <MutedIcon /> : <VolumeIcon />}
        </button>
      </div>
      {media.volume !== null || volume.pending ? (
        <Slider
          label="Volume"
          value={volume.value ?? 0}
          min={cap.min ?? 0}
          max={cap.max ?? 100}
          step={cap.step ?? 1}
          format={(v) => `${Math.round(v)}%`}
          pending={volume.pending}
          disabled={disabled}
          onCommit={(v) => send({ media: { volume: v } })}
        />
      ) : null}
    </TileShell>
  );
}
