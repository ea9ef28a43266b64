import { defineConfig } from 'vitest/config';

/** mDNS tests: run only through `scripts/netns.sh` (a namespace whose only interface is loopback). */
export default defineConfig({
  test: {
    include: ['core/**/*mdns*.test.ts', 'sim/**/*mdns*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
