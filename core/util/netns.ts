/**
 * Guard for mDNS tests and scripts: multicast must never leave this machine. They run
 * inside `scripts/netns.sh`, a network namespace whose only interface is loopback;
 * anywhere else this throws before a single packet is sent.
 */
import os from 'node:os';

export function nonLoopbackInterfaces(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): string[] {
  return Object.entries(interfaces)
    .filter(([, addresses]) => (addresses ?? []).some((a) => !a.internal))
    .map(([name]) => name);
}

export function assertIsolatedNetwork(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): void {
  const outside = nonLoopbackInterfaces(interfaces);
  if (outside.length > 0) {
    throw new Error(
      `Refusing to multicast (mDNS, SSDP): non-loopback network interface(s) present (${outside.join(', ')}). ` +
        'Run this inside an isolated namespace: scripts/netns.sh <command>',
    );
  }
}
