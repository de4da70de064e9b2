import { defineConfig } from 'vitest/config';

// The unit tests that Stryker runs against each mutant (`npm run test:mutation`): the OTP core, the
// MFA service and the shared checks; none that need a built package, a database or another runtime.
export default defineConfig({
  test: {
    include: ['test/otp/**/*.test.ts', 'test/mfa/**/*.test.ts', 'test/shared/**/*.test.ts'],
    testTimeout: 20_000,
  },
});
