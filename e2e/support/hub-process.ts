import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = fileURLToPath(new URL('../..', import.meta.url));

export interface HubProcess {
  url: string;
  token: string;
  stop(): Promise<void>;
}

/** mDNS is multicast: the e2e hub browses only inside scripts/netns.sh (loopback only); elsewhere devices are added by address. */
function discoveryArgs(): string[] {
  const outside = Object.values(networkInterfaces()).some((infos) => (infos ?? []).some((i) => !i.internal));
  return outside ? ['--no-discovery'] : [];
}

let bundled = false;
/** `npm run hub` runs the esbuild bundle; (re)build it when a source is newer, once per test process. */
function ensureBundle(): void {
  if (bundled) return;
  const build = spawnSync(process.execPath, ['scripts/build-hub.mjs'], { cwd: repoRoot, encoding: 'utf8' });
  if (build.status !== 0) throw new Error(`could not bundle the hub:\n${build.stderr}`);
  bundled = true;
}

/** Starts `npm run hub`'s entry point (dist/hub.mjs) as a child process, exactly as a user would. */
export async function startHubProcess(args: string[], token: string): Promise<HubProcess> {
  ensureBundle();
  const dataDir = mkdtempSync(join(tmpdir(), 'homeroom-e2e-data-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['dist/hub.mjs', '--port', '0', '--token', token, '--data', dataDir, ...discoveryArgs(), ...args],
    {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
      // The hub's "system" clock format follows its locale: the browser's (playwright.config.ts), as in the desktop app.
      env: { ...process.env, LANG: 'en_GB.UTF-8', LC_ALL: 'en_GB.UTF-8' },
    },
  );
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`hub did not start within 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (process.env.HOMEROOM_E2E_DEBUG) process.stderr.write(chunk);
      const match = /Open:\s+(http:\/\/\S+?)\?token=/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`hub exited with ${code}:\n${output}`));
    });
  });
  return {
    url,
    token,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    },
  };
}
