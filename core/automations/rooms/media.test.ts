import { describe, expect, it } from 'vitest';
import type { Device, MediaValue } from '../../model';
import { speakersToPause, speakersToResume } from './media';

const speaker = (id: string, state: MediaValue['state'], availability: Device['availability'] = 'online'): Device => ({
  id,
  name: id,
  kind: 'speaker',
  integration: 'mpd',
  availability,
  capabilities: { media: { value: { state, volume: 30, muted: false, track: null, source: null }, writable: true } },
});
const lamp: Device = {
  id: 'lamp',
  name: 'lamp',
  kind: 'light',
  integration: 'mqtt',
  availability: 'online',
  capabilities: { power: { value: true, writable: true } },
};

describe('room speakers on vacancy', () => {
  it('pauses only online speakers that are playing', () => {
    const devices = [
      speaker('a', 'playing'),
      speaker('b', 'paused'),
      speaker('c', 'stopped'),
      speaker('d', 'playing', 'offline'),
      lamp,
    ];
    expect(speakersToPause(devices)).toEqual([{ deviceId: 'a', command: { media: { action: 'pause' } } }]);
  });

  it('resumes only what it paused and what is still paused', () => {
    const devices = [speaker('a', 'paused'), speaker('b', 'paused'), speaker('c', 'stopped'), speaker('e', 'playing')];
    expect(speakersToResume(devices, ['a', 'c', 'e'])).toEqual([{ deviceId: 'a', command: { media: { action: 'play' } } }]);
    expect(speakersToResume(devices, [])).toEqual([]);
  });
});
