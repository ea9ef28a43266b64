import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: [
      'core/**/*.test.ts',
      'sim/**/*.test.ts',
      'renderer/src/**/*.test.{ts,tsx}',
      'electron/**/*.test.ts',
      'scripts/**/*.test.ts',
    ],
    // mDNS tests multicast: they run only inside a network namespace (npm run test:mdns).
    exclude: ['**/node_modules/**', '**/*mdns*.test.ts'],
    testTimeout: 20_000,
    hookTimeout: 20_000,
  },
});
