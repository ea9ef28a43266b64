import { readFileSync, existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { startBenchHub } from './scale-ui';
const hub = await startBenchHub(Number(process.argv[2] ?? 2000));
const b = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
const ctx = await b.newContext({ viewport: { width: 1440, height: 900 } });
const p = await ctx.newPage();
const origin = new URL(hub.url).origin;
p.on('pageerror', (e) => console.log('pageerror', e.message)); p.on('console', (m) => console.log('console', m.text()));
const cdp = await ctx.newCDPSession(p);
await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start');
await p.goto(hub.url);
await p.getByRole('article').first().waitFor();
await p.waitForTimeout(3000);
if (process.argv[3] === 'click') {
  await cdp.send('Profiler.stop'); await cdp.send('Profiler.start');
  for (let i = 0; i < 10; i++) { await p.getByRole('switch').first().click(); await p.waitForTimeout(300); }
}
const { profile } = await cdp.send('Profiler.stop');
const self = new Map<string, number>();
const dt = profile.timeDeltas!;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const counts = new Map<number, number>();
profile.samples!.forEach((s, i) => counts.set(s, (counts.get(s) ?? 0) + (dt[i] ?? 0)));
for (const [id, us] of counts) {
  const n = byId.get(id)!;
  const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
  self.set(key, (self.get(key) ?? 0) + us);
}
console.log([...self].sort((a, b) => b[1] - a[1]).slice(0, 40).map(([k, v]) => `${(v / 1000).toFixed(1)}ms ${k}`).join('\n'));
await b.close(); await hub.stop();
