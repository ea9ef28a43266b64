import type os from 'node:os';
import { describe, expect, it } from 'vitest';
import { assertIsolatedNetwork, nonLoopbackInterfaces } from '../../core/util/netns';

const lo: os.NetworkInterfaceInfo = {
  address: '127.0.0.1',
  netmask: '255.0.0.0',
  family: 'IPv4',
  mac: '00:00:00:00:00:00',
  internal: true,
  cidr: '127.0.0.1/8',
};
const eth: os.NetworkInterfaceInfo = {
  address: '192.168.1.20',
  netmask: '255.255.255.0',
  family: 'IPv4',
  mac: '02:42:ac:11:00:02',
  internal: false,
  cidr: '192.168.1.20/24',
};

describe('assertIsolatedNetwork (the mDNS safety guard)', () => {
  it('passes when only loopback exists', () => {
    expect(() => assertIsolatedNetwork({ lo: [lo] })).not.toThrow();
  });

  it('throws, naming the interfaces and the way out, when a real interface exists', () => {
    expect(nonLoopbackInterfaces({ lo: [lo], eth0: [eth] })).toEqual(['eth0']);
    expect(() => assertIsolatedNetwork({ lo: [lo], eth0: [eth] })).toThrow(/eth0.*scripts\/netns\.sh/s);
  });
});
