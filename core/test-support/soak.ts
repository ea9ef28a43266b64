/**
 * The resilience suite's two sizes: `npm test` runs each `*.resilience.test.ts` short; `npm run test:soak`
 * (HOMEROOM_SOAK=1) runs the long form and prints its figures as `soak: …` lines (quoted in the README).
 */
export const SOAK = process.env.HOMEROOM_SOAK === '1';

/** The short value in `npm test`, the long one under `npm run test:soak`. */
export function size<T>(short: T, long: T): T {
  return SOAK ? long : short;
}

/** One line of figures: printed in both sizes, so a short run shows what it measured too. */
export function report(name: string, figures: Record<string, string | number>): void {
  const text = Object.entries(figures)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  console.log(`soak: ${name}${SOAK ? '' : ' (short)'}: ${text}`);
}
