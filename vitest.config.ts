import { defineConfig } from 'vitest/config';

// One config for the whole repository: unit tests sit beside the code, integration tests in test/.
export default defineConfig({
  test: {
    include: ['**/*.test.ts'],
    exclude: ['node_modules/**', 'dist/**', 'cdk.out/**'],
    testTimeout: 30_000,
    hookTimeout: 120_000,
    pool: 'forks',
    // One DynamoDB Local per run (integration tests of the ledger, API and local server).
    globalSetup: ['test/support/dynamodb-local.global.ts'],
    // Node 20 is supported here; the AWS SDK's notice about 2027 would only bury test output.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' },
  },
});
