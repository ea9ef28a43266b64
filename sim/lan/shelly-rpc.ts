/**
 * Shelly Gen2 RPC methods over the simulated state. Errors use the documented codes
 * (Shelly API docs "Common Errors"): -103 invalid argument, -105 not found (bad id),
 * 404 "No handler for <method>" when the device has no such method.
 */
import type { ShellyState } from './shelly-state';

export class RpcError extends Error {
  constructor(
    readonly code: number,
    message: string,
  ) {
    super(message);
  }
}

type Params = Record<string, unknown>;
type Method = (state: ShellyState, params: Params, source: string) => unknown;

function requireId(params: Params): 0 {
  if (params.id === undefined) throw new RpcError(-103, "Missing required 'id'");
  if (typeof params.id !== 'number' || !Number.isInteger(params.id)) throw new RpcError(-103, "Invalid argument 'id'");
  if (params.id !== 0) throw new RpcError(-105, `Bad id=${params.id}`);
  return 0;
}

function optionalBoolean(params: Params, key: string): boolean | undefined {
  const value = params[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'boolean') throw new RpcError(-103, `Invalid argument '${key}'`);
  return value;
}

const common: Record<string, Method> = {
  'Shelly.GetDeviceInfo': (s) => ({ ...s.identity }),
  'Shelly.GetStatus': (s) => s.fullStatus(),
  'Shelly.GetConfig': (s) => s.fullConfig(),
  'Shelly.ListMethods': (s) => ({ methods: Object.keys(methodsFor(s)) }),
  'Sys.GetStatus': (s) => s.sysStatus(),
};

const switchMethods: Record<string, Method> = {
  'Switch.GetStatus': (s, p) => (requireId(p), s.switchStatus()),
  'Switch.GetConfig': (s, p) => (requireId(p), s.componentConfig()),
  'Switch.Set': (s, p, source) => {
    requireId(p);
    const on = optionalBoolean(p, 'on');
    if (on === undefined) throw new RpcError(-103, "Missing required 'on'");
    const was_on = s.output;
    s.accrue();
    s.output = on;
    s.source = source;
    return { was_on };
  },
  'Switch.Toggle': (s, p, source) => {
    requireId(p);
    const was_on = s.output;
    s.accrue();
    s.output = !was_on;
    s.source = source;
    return { was_on };
  },
};

const lightMethods: Record<string, Method> = {
  'Light.GetStatus': (s, p) => (requireId(p), s.lightStatus()),
  'Light.GetConfig': (s, p) => (requireId(p), s.componentConfig()),
  'Light.Set': (s, p, source) => {
    requireId(p);
    const on = optionalBoolean(p, 'on');
    const brightness = p.brightness;
    if (on === undefined && brightness === undefined) throw new RpcError(-103, "Missing required 'on' or 'brightness'");
    if (brightness !== undefined && (typeof brightness !== 'number' || brightness < 0 || brightness > 100)) {
      throw new RpcError(-103, "Invalid argument 'brightness'");
    }
    if (on !== undefined) s.output = on;
    if (typeof brightness === 'number') s.brightness = Math.round(brightness);
    s.source = source;
    return null;
  },
  'Light.Toggle': (s, p, source) => {
    requireId(p);
    s.output = !s.output;
    s.source = source;
    return null;
  },
};

function methodsFor(state: ShellyState): Record<string, Method> {
  return { ...common, ...(state.kind === 'plug' ? switchMethods : lightMethods) };
}

/** Method names are matched case-insensitively, as the firmware does. */
export function callRpc(state: ShellyState, method: string, params: Params, source: string): unknown {
  const methods = methodsFor(state);
  const name = Object.keys(methods).find((m) => m.toLowerCase() === method.toLowerCase());
  if (!name) throw new RpcError(404, `No handler for ${method}`);
  return methods[name]!(state, params, source);
}

/** Methods anyone may call while authentication is enabled (Shelly API docs, Authentication). */
export function isPublicMethod(method: string): boolean {
  return method.toLowerCase() === 'shelly.getdeviceinfo';
}

/** GET `/rpc/<Method>?a=b`: values are JSON (`on=true`, `id=0`) or bare strings. */
export function queryParams(search: URLSearchParams): Params {
  const params: Params = {};
  for (const [key, raw] of search) {
    try {
      params[key] = JSON.parse(raw) as unknown;
    } catch {
      params[key] = raw;
    }
  }
  return params;
}
