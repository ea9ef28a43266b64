/**
 * Scenes, pure: capture a device's current state as the command that brings it back, expand a scene with the scenes
 * it includes into device states (a device named twice takes the later state), and find a cycle of includes.
 */
import { isSceneState, type Command, type Device, type Scene, type SceneState } from '../../model';

/**
 * The command that brings a device back to how it is now, from its writable capabilities; null when nothing of it can
 * be set (a sensor) or nothing has been reported yet. A light that is off is captured as off (its level is not sent).
 */
export function captureState(device: Device): Command | null {
  const caps = device.capabilities;
  const writable = <K extends keyof typeof caps>(name: K) => (caps[name]?.writable ? caps[name] : undefined);
  const command: Command = {};
  const power = writable('power')?.value;
  if (typeof power === 'boolean') command.power = power;
  if (power !== false) {
    const brightness = writable('brightness')?.value;
    if (typeof brightness === 'number') command.brightness = Math.round(brightness);
    // One of colour and colour temperature is the light's current mode; a colour is kept when the bulb reports one.
    const color = writable('color')?.value;
    const kelvin = writable('colorTemperature')?.value;
    if (color) command.color = { hue: Math.round(color.hue), saturation: Math.round(color.saturation) };
    else if (typeof kelvin === 'number') command.colorTemperature = Math.round(kelvin);
  }
  const climate = writable('climate')?.value;
  if (climate) {
    const c: NonNullable<Command['climate']> = {};
    if (climate.mode) c.mode = climate.mode;
    if (climate.targetTemperature !== null && climate.mode !== 'off') c.targetTemperature = climate.targetTemperature;
    if (Object.keys(c).length > 0) command.climate = c;
  }
  const media = writable('media')?.value;
  if (media) {
    const m: NonNullable<Command['media']> = {};
    if (media.state === 'playing') m.action = 'play';
    else if (media.state === 'paused') m.action = 'pause';
    else if (media.state === 'stopped') m.action = 'stop';
    if (media.volume !== null) m.volume = Math.round(media.volume);
    if (media.muted !== null) m.muted = media.muted;
    if (Object.keys(m).length > 0) command.media = m;
  }
  return Object.keys(command).length > 0 ? command : null;
}

/**
 * The path of a cycle through scene includes starting at `start` (["evening", "cosy", "evening"]), or null. `scenes`
 * is every scene as it would be (the one being saved replaced); an included scene that does not exist ends the path.
 */
export function sceneCycle(scenes: ReadonlyMap<string, Scene>, start: string): string[] | null {
  const path: string[] = [];
  const visit = (id: string): string[] | null => {
    if (path.includes(id)) return [...path.slice(path.indexOf(id)), id];
    const scene = scenes.get(id);
    if (!scene) return null;
    path.push(id);
    for (const entry of scene.states) {
      if (isSceneState(entry)) continue;
      const found = visit(entry.scene);
      if (found) return found;
    }
    path.pop();
    return null;
  };
  return visit(start);
}

/** A scene's device states with its includes expanded in order; unknown includes and cycles are skipped. */
export function expandScene(scenes: ReadonlyMap<string, Scene>, id: string): SceneState[] {
  const out = new Map<string, SceneState>();
  const seen = new Set<string>();
  const walk = (sceneId: string) => {
    const scene = scenes.get(sceneId);
    if (!scene || seen.has(sceneId)) return;
    seen.add(sceneId);
    for (const entry of scene.states) {
      if (isSceneState(entry)) {
        out.delete(entry.device);
        out.set(entry.device, entry);
      } else walk(entry.scene);
    }
    seen.delete(sceneId);
  };
  walk(id);
  return [...out.values()];
}
