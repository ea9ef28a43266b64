/**
 * Which network interfaces discovery listens on. Default: every non-internal IPv4 interface;
 * on a machine that has none (a namespace with only loopback) it falls back to loopback, so
 * services on this machine are still found.
 */
import os from 'node:os';

export interface InterfaceAddress {
  name: string;
  address: string;
}

export function browseAddresses(
  wanted: readonly string[] | undefined,
  interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces(),
): InterfaceAddress[] {
  const all = Object.entries(interfaces).flatMap(([name, infos]) =>
    (infos ?? []).filter((i) => i.family === 'IPv4').map((i) => ({ name, address: i.address, internal: i.internal })),
  );
  // One membership per interface (multicast-dns joins once per interface address).
  const firstPerName = all.filter((a, i) => all.findIndex((b) => b.name === a.name) === i);
  if (wanted?.length) return firstPerName.filter((a) => wanted.includes(a.name) || wanted.includes(a.address)).map(strip);
  const external = firstPerName.filter((a) => !a.internal);
  return (external.length ? external : firstPerName).map(strip);
}

const strip = ({ name, address }: { name: string; address: string }): InterfaceAddress => ({ name, address });

/** True inside a namespace whose only interface is loopback (scripts/netns.sh): multicast cannot leave it. */
export function onlyLoopback(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]> = os.networkInterfaces()): boolean {
  return Object.values(interfaces).every((infos) => (infos ?? []).every((i) => i.internal));
}
