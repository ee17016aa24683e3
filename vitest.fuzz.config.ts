// `npm run fuzz`: the long seeded comparison against the oracle (test/fuzz/), Node only.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/fuzz/*.run.ts'],
    environment: 'node',
    testTimeout: 900_000,
  },
});
