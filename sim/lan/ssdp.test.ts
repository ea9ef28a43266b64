import os from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SonosSpeaker } from './sonos';
import { SsdpResponder } from './ssdp';

const eth: os.NetworkInterfaceInfo = {
  address: '192.168.1.20',
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '02:42:ac:11:00:02',
  internal: false,
  cidr: '192.168.1.20/24',
};

afterEach(() => {
  vi.restoreAllMocks();
});

describe('the simulated SSDP responder (safety guard)', () => {
  it('refuses to open a socket when a real interface exists', async () => {
    vi.spyOn(os, 'networkInterfaces').mockReturnValue({ eth0: [eth] });
    const responder = new SsdpResponder({ st: 'urn:x', uuid: 'uuid:x', location: 'http://127.0.0.1:1/' });
    await expect(responder.start()).rejects.toThrow(/eth0.*scripts\/netns\.sh/s);
    expect(responder.running).toBe(false);
  });

  it('a Sonos speaker with ssdp on refuses to start outside the namespace', async () => {
    vi.spyOn(os, 'networkInterfaces').mockReturnValue({ eth0: [eth] });
    const speaker = new SonosSpeaker({ ssdp: true });
    await expect(speaker.start()).rejects.toThrow(/Refusing/);
    await speaker.stop();
  });
});
