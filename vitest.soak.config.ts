import { defineConfig } from 'vitest/config';

/** `npm run test:soak`: the resilience suite at full size (HOMEROOM_SOAK=1); the mDNS ones run in scripts/netns.sh. */
export default defineConfig({
  test: {
    include: ['core/**/*.resilience.test.ts', 'sim/**/*.resilience.test.ts'],
    exclude: ['**/node_modules/**', '**/*mdns*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 60_000,
    // One at a time: the figures are timings, and the suite shares the machine with nothing else of its own.
    fileParallelism: false,
  },
});
