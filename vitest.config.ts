import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20_000,
    // A hook that starts the local stack (emulators, handlers) may take longer than 10 s on a loaded machine.
    hookTimeout: 60_000,
    allowOnly: false,
    // Handlers log like on Lambda; in tests only errors are worth reading.
    env: { POWERTOOLS_LOG_LEVEL: 'ERROR', POWERTOOLS_METRICS_DISABLED: 'true' },
  },
});
