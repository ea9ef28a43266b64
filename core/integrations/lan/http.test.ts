/**
 * Reading a device's answer over loopback: a body that never ends is cut at the cap (1 MiB by
 * default, more where an integration asks for it) and one that trickles is cut at the deadline,
 * which covers the whole body and not only the headers. The error names the address and the cap.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { HostileDevice } from '../../test-support/hostile-device';
import { DeviceUnreachableError, httpJson } from './http';

const devices: HostileDevice[] = [];
afterEach(async () => {
  await Promise.all(devices.splice(0).map((d) => d.stop()));
});
const hostile = async (mode: 'endless' | 'trickle') => {
  const device = await new HostileDevice(mode, { trickleEveryMs: 20 }).start();
  devices.push(device);
  return device;
};

describe('httpJson against a hostile device', () => {
  it('stops reading an endless body at 1 MiB and says where and why', async () => {
    const device = await hostile('endless');
    const started = Date.now();
    const error = await httpJson(`http://127.0.0.1:${device.port}/json/info`, { timeoutMs: 10_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceUnreachableError);
    expect((error as Error).message).toMatch(new RegExp(`127\\.0\\.0\\.1:${device.port}.*more than 1 MiB`));
    expect(Date.now() - started).toBeLessThan(5000);
    // It read about the cap, not what the device could push in the meantime (it keeps writing until the socket closes).
    await expect.poll(() => device.sent, { timeout: 2000 }).toBeGreaterThan(1 << 20);
  });

  it('takes a larger cap when the integration needs one', async () => {
    const device = await hostile('endless');
    const error = await httpJson(`http://127.0.0.1:${device.port}/clip`, { maxBytes: 4 << 20 }).catch((e: unknown) => e);
    expect((error as Error).message).toMatch(/more than 4 MiB/);
  });

  it('gives up on a body that trickles, at the deadline for the whole answer', async () => {
    const device = await hostile('trickle');
    const started = Date.now();
    const error = await httpJson(`http://127.0.0.1:${device.port}/shelly`, { timeoutMs: 400 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DeviceUnreachableError);
    expect((error as Error).message).toMatch(/did not answer within 0\.4 s/);
    expect(Date.now() - started).toBeLessThan(2000);
    expect(device.sent).toBeGreaterThan(9); // headers and some body came: the deadline cut a body in progress
  });
});
