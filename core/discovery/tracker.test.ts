/** The service tracker fed with crafted mDNS answers: no network needed. */
import { describe, expect, it } from 'vitest';
import { ServiceTracker, type RawPacket, type ServiceEvent } from './tracker';

const TYPES = ['shelly', 'http', 'wled', 'hue', 'elg'];

function tracker() {
  const events: ServiceEvent[] = [];
  const t = new ServiceTracker(TYPES, (e) => events.push(e));
  return { t, events };
}

function announce(
  name: string,
  opts: { type?: string; port?: number; host?: string; a?: string | null; ttl?: number; txt?: unknown } = {},
): RawPacket {
  const type = opts.type ?? 'shelly';
  const fqdn = `${name}._${type}._tcp.local`;
  const host = opts.host ?? `${name}.local`;
  const ttl = opts.ttl ?? 120;
  return {
    answers: [{ name: `_${type}._tcp.local`, type: 'PTR', ttl: opts.ttl ?? 4500, data: fqdn }],
    additionals: [
      { name: fqdn, type: 'SRV', ttl, data: { target: host, port: opts.port ?? 80, priority: 0, weight: 0 } },
      { name: fqdn, type: 'TXT', ttl: opts.ttl ?? 4500, data: opts.txt ?? [Buffer.from('gen=2'), Buffer.from('app=PlusPlugS')] },
      ...(opts.a === null ? [] : [{ name: host, type: 'A', ttl, data: opts.a ?? '192.168.1.20' }]),
    ],
  };
}

describe('ServiceTracker', () => {
  it('an announcement → one service with address, port and TXT', () => {
    const { t, events } = tracker();
    t.ingest(announce('shellyplusplugs-a1'), '192.168.1.20', 0);
    expect(events).toEqual([
      {
        kind: 'up',
        service: {
          fqdn: 'shellyplusplugs-a1._shelly._tcp.local',
          name: 'shellyplusplugs-a1',
          type: 'shelly',
          host: 'shellyplusplugs-a1.local',
          addresses: ['192.168.1.20'],
          port: 80,
          txt: { gen: '2', app: 'PlusPlugS' },
          source: '192.168.1.20',
        },
      },
    ]);
  });

  it('the same answer on two interfaces is one service, announced once', () => {
    const { t, events } = tracker();
    t.ingest(announce('x'), '192.168.1.20', 0);
    t.ingest(announce('x'), '10.0.0.20', 10);
    expect(events.map((e) => e.kind)).toEqual(['up']);
  });

  it('missing A record: the address the answer came from', () => {
    const { t, events } = tracker();
    t.ingest(announce('x', { a: null }), '127.0.0.1', 0);
    expect(events[0]?.service.addresses).toEqual(['127.0.0.1']);
  });

  it('re-announced with a new address or port → update', () => {
    const { t, events } = tracker();
    t.ingest(announce('x'), '192.168.1.20', 0);
    t.ingest(announce('x', { port: 8080 }), '192.168.1.20', 1000);
    expect(events.map((e) => [e.kind, e.service.port])).toEqual([
      ['up', 80],
      ['update', 8080],
    ]);
    t.ingest(announce('x', { port: 8080, a: '192.168.1.77' }), '192.168.1.77', 2000);
    expect(events.at(-1)).toMatchObject({ kind: 'update', service: { addresses: expect.arrayContaining(['192.168.1.77']) } });
  });

  it('goodbye (TTL 0) → down', () => {
    const { t, events } = tracker();
    t.ingest(announce('x'), '192.168.1.20', 0);
    t.ingest(announce('x', { ttl: 0 }), '192.168.1.20', 1000);
    expect(events.map((e) => e.kind)).toEqual(['up', 'down']);
    expect(t.services).toEqual([]);
  });

  it('TTL expiry → down, unless refreshed', () => {
    const { t, events } = tracker();
    t.ingest(announce('x', { ttl: 10 }), '192.168.1.20', 0);
    t.expire(9_000);
    t.ingest(announce('x', { ttl: 10 }), '192.168.1.20', 9_000);
    t.expire(15_000);
    expect(events.map((e) => e.kind)).toEqual(['up']);
    t.expire(19_001);
    expect(events.map((e) => e.kind)).toEqual(['up', 'down']);
  });

  it('other service types are not tracked', () => {
    const { t, events } = tracker();
    t.ingest(announce('printer', { type: 'ipp' }), '192.168.1.9', 0);
    expect(events).toEqual([]);
  });

  it('hostile names and TXT: HTML, control characters, 10 kB strings, invalid UTF-8', () => {
    const { t, events } = tracker();
    const long = 'A'.repeat(10_000);
    const badUtf8 = Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3d, 0xff, 0xfe, 0xc3, 0x28]);
    const txt = [
      Buffer.from('app=<script>alert(1)</script>'),
      Buffer.from('id=\u0007\u001b[31mred\u202e'),
      Buffer.from(`long=${long}`),
      badUtf8,
      Buffer.from('__proto__=x'),
    ];
    t.ingest(announce('<img src=x onerror=alert(1)>\u0000\u202e', { txt }), '192.168.1.20', 0);
    const s = events[0]!.service;
    expect(s.name).toBe('<img src=x onerror=alert(1)>'); // kept as text, rendered as text
    expect(s.txt.app).toBe('<script>alert(1)</script>');
    expect(s.txt.id).toBe('[31mred');
    expect(s.txt.long!.length).toBeLessThanOrEqual(200);
    expect(s.txt.name).toBe('\ufffd\ufffd\ufffd(');
    expect(Object.getPrototypeOf(s.txt)).toBe(Object.prototype);
  });

  it('malformed records are ignored without throwing', () => {
    const { t, events } = tracker();
    const packets: unknown[] = [
      { answers: [null, 42, { name: 5 }, { name: '_shelly._tcp.local', type: 'PTR', data: { evil: true } }] },
      {
        answers: [{ name: '_shelly._tcp.local', type: 'PTR', ttl: 120, data: 'y._shelly._tcp.local' }],
        additionals: [{ name: 'y._shelly._tcp.local', type: 'SRV', ttl: 120, data: { target: 'h', port: 99999 } }],
      },
      { answers: [{ name: 'x'.repeat(10_000), type: 'PTR', ttl: 1, data: 'x' }] },
      {},
    ];
    for (const p of packets) expect(() => t.ingest(p as RawPacket, 'not-an-ip', 0)).not.toThrow();
    expect(events).toEqual([]);
  });
});
