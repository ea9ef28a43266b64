/**
 * Room physics, pure functions only: temperature, heating/cooling, humidity, daylight.
 * Models are deliberately simple (one thermal time constant per room) but behave
 * plausibly: a cold house cools toward outside, a thermostat holds its setpoint.
 */

export type RunningState = 'idle' | 'heat' | 'cool';
export type HvacMode = 'off' | 'heat' | 'cool' | 'auto';

export interface WeatherOptions {
  /** Daily mean outside temperature, °C. */
  meanC: number;
  /** Half the day/night swing, °C. */
  amplitudeC: number;
  sunrise: number;
  sunset: number;
  /** Outdoor illuminance at solar noon, lx (overcast ~10 000, clear sky ~60 000). */
  peakLux: number;
}

export const DEFAULT_WEATHER: WeatherOptions = { meanC: 6, amplitudeC: 4, sunrise: 7, sunset: 18, peakLux: 20_000 };

/** Outside temperature follows a daily sine: coldest around 03:00, warmest around 15:00. */
export function outsideTemperature(hour: number, w: WeatherOptions = DEFAULT_WEATHER): number {
  return w.meanC + w.amplitudeC * Math.sin((2 * Math.PI * (hour - 9)) / 24);
}

/** Sun height as 0..1 over the day (a half sine between sunrise and sunset), 0 at night. */
export function daylightFactor(hour: number, w: WeatherOptions = DEFAULT_WEATHER): number {
  if (hour <= w.sunrise || hour >= w.sunset) return 0;
  return Math.sin((Math.PI * (hour - w.sunrise)) / (w.sunset - w.sunrise));
}

/** Indoor illuminance: daylight through the windows plus every light that is on. */
export function roomIlluminance(
  hour: number,
  windowFactor: number,
  lightsLux: number,
  w: WeatherOptions = DEFAULT_WEATHER,
): number {
  return daylightFactor(hour, w) * w.peakLux * windowFactor + lightsLux;
}

export interface ThermalRoom {
  /** Insulation time constant in hours: how fast the room drifts toward outside. */
  tauHours: number;
  /** Heating power expressed as °C per hour it adds (radiator/heat pump). */
  heatRateCPerHour: number;
  coolRateCPerHour: number;
}

/**
 * Exact solution of dT/dt = (Tout − T)/τ + P over `dtHours` (P constant in the step),
 * so large steps stay stable: T relaxes toward the equilibrium Tout + P·τ.
 */
export function stepTemperature(
  tempC: number,
  outsideC: number,
  dtHours: number,
  room: ThermalRoom,
  running: RunningState,
  extraCPerHour = 0,
): number {
  const p = (running === 'heat' ? room.heatRateCPerHour : running === 'cool' ? -room.coolRateCPerHour : 0) + extraCPerHour;
  const equilibrium = outsideC + p * room.tauHours;
  return equilibrium + (tempC - equilibrium) * Math.exp(-dtHours / room.tauHours);
}

/** Humidity relaxes toward a target (higher while someone showers) with a ~20 min time constant. */
export function stepHumidity(humidity: number, target: number, dtHours: number): number {
  return target + (humidity - target) * Math.exp(-dtHours / (1 / 3));
}

/**
 * A thermostat's running state: start heating below setpoint − h, stop above setpoint + h
 * (and the mirror for cooling). Between the two thresholds it keeps what it was doing,
 * which is what stops a real relay chattering.
 */
export function nextRunningState(
  mode: HvacMode,
  previous: RunningState,
  tempC: number,
  heatSetpoint: number,
  coolSetpoint: number,
  hysteresis = 0.3,
): RunningState {
  const canHeat = mode === 'heat' || mode === 'auto';
  const canCool = mode === 'cool' || mode === 'auto';
  if (canHeat) {
    if (tempC < heatSetpoint - hysteresis) return 'heat';
    if (previous === 'heat' && tempC < heatSetpoint + hysteresis) return 'heat';
  }
  if (canCool) {
    if (tempC > coolSetpoint + hysteresis) return 'cool';
    if (previous === 'cool' && tempC > coolSetpoint - hysteresis) return 'cool';
  }
  return 'idle';
}
