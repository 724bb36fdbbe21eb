import { defineConfig } from 'vitest/config';

// One config for the whole repository: unit tests sit beside the code, integration tests in test/.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'cdk.out/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
  },
});
