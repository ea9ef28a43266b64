/**
 * A speaker's controls (any device with the `media` capability), shared by its tile and the device
 * panel. Track strings come from devices: text only.
 */
import { cleanText, type Command, type Device, type MediaValue } from '../../../../core/model';
import { useDevicePending } from '../../store/context';
import { deviceName } from '../../store/search';
import { shownValue } from '../../store/pending';
import { Slider } from '../../ui/Slider';
import { Spinner } from '../../ui/Spinner';
import { useControlsDisabled, useSendCommand } from './use-control';
import { MutedIcon, NextIcon, PauseIcon, PlayIcon, VolumeIcon } from '../../ui/icons';

export const STATE_TEXT: Record<NonNullable<MediaValue['state']>, string> = {
  playing: 'Playing',
  paused: 'Paused',
  stopped: 'Stopped',
};
const ACTION_STATE: Partial<Record<NonNullable<Command['media']>['action'] & string, MediaValue['state']>> = {
  play: 'playing',
  pause: 'paused',
  stop: 'stopped',
};

/** A speaker's playback as shown: a command on its way wins over the last report. */
export function useSpeakerState(device: Device) {
  const pending = useDevicePending(device.id);
  const media = device.capabilities.media?.value;
  const action = shownValue<string | null>(null, pending, 'media.action');
  const state = (action.value && ACTION_STATE[action.value as keyof typeof ACTION_STATE]) || media?.state || null;
  const volume = shownValue(media?.volume ?? null, pending, 'media.volume');
  const muted = shownValue(media?.muted ?? null, pending, 'media.muted');
  return { action, state, volume, muted, playing: state === 'playing' };
}

/** What is playing, play/pause, next, mute and volume; shared by the tile and the device panel. */
export function SpeakerControls({ device }: { device: Device }) {
  const send = useSendCommand(device.id);
  const offline = useControlsDisabled(device);
  const { action, volume, muted, playing } = useSpeakerState(device);
  const cap = device.capabilities.media;
  if (!cap) return null;
  const media = cap.value;
  const disabled = offline || !cap.writable;
  const title = cleanText(media.track?.title, 200);
  const artist = cleanText(media.track?.artist, 200);
  const source = cleanText(media.source ?? undefined, 200);
  const name = deviceName(device);

  return (
    <>
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
          onClick={() => send({ media: { action: playing ? 'pause' : 'play' } })}
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
          accessibleLabel={`${name} volume`}
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
    </>
  );
}
