/**
 * The parts of the command line that need more than a type: where the broker password comes from,
 * the token's strength, extra host names. Pure (the environment and the file reader come in), so
 * `core/cli.ts` stays the I/O around them.
 */
import { tokenStrengthProblem } from './api/security';

export class CliError extends Error {}

/**
 * `--mqtt-password-file F` or `HOMEROOM_MQTT_PASSWORD` keep the password out of `ps`; `--mqtt-password`
 * still works, with a warning. One trailing newline of the file is not part of the password.
 */
export function brokerPassword(
  values: { 'mqtt-password'?: string; 'mqtt-password-file'?: string },
  env: Record<string, string | undefined>,
  readFile: (path: string) => string,
): { password?: string; warning?: string } {
  const flag = values['mqtt-password'];
  const file = values['mqtt-password-file'];
  if (flag !== undefined && file !== undefined) throw new CliError('give --mqtt-password or --mqtt-password-file, not both');
  if (file !== undefined) {
    let text: string;
    try {
      text = readFile(file);
    } catch (error) {
      throw new CliError(`--mqtt-password-file: cannot read ${file} (${error instanceof Error ? error.message : String(error)})`);
    }
    return { password: text.replace(/\r?\n$/, '') };
  }
  if (flag !== undefined)
    return {
      password: flag,
      warning:
        '--mqtt-password is visible to every user of this machine (ps, /proc): use HOMEROOM_MQTT_PASSWORD or --mqtt-password-file instead',
    };
  const fromEnv = env.HOMEROOM_MQTT_PASSWORD;
  return fromEnv !== undefined && fromEnv !== '' ? { password: fromEnv } : {};
}

/** `--token`: refused below 128 bits. */
export function checkToken(token: string | undefined): void {
  if (token === undefined) return;
  const problem = tokenStrengthProblem(token);
  if (problem) throw new CliError(`--token ${problem}`);
}

/** `--allow-host a,b --allow-host c` → `['a', 'b', 'c']`. */
export function allowedHosts(values: readonly string[] | undefined): string[] {
  const names = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim());
  for (const name of names) {
    if (!/^[A-Za-z0-9.:[\]-]{1,253}$/.test(name))
      throw new CliError(`--allow-host takes host names or addresses, got "${name.slice(0, 100)}"`);
  }
  return names.filter(Boolean);
}
