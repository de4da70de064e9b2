// Mutation testing of the OTP core, the MFA service and the shared checks: `npm run test:mutation`.
// The whole scope takes 35 minutes or more on the shared two cores (incremental re-runs far less);
// it is not part of .ci/run. The score is recorded in
// docs/benchmarks.md ("Test strength"); build/mutation-score.mjs prints it with and without
// error-message strings.
const skipMessages = process.env.MUTATION_SKIP_MESSAGES === '1';
// Static mutants (module-level constants: DEFAULTS, POLICY_LIMITS, lookup tables) are reached while
// the test files load, so Stryker would run the whole suite for each; that alone would take about an
// hour here. They are left out (reported as Ignored) unless MUTATION_STATIC=1.
const includeStatic = process.env.MUTATION_STATIC === '1';

/** @type {import('@stryker-mutator/api/core').PartialStrykerOptions} */
export default {
  mutate: ['src/otp/**/*.ts', 'src/mfa/**/*.ts', 'src/shared/**/*.ts', '!src/**/index.ts'],
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.mutation.config.ts', related: false },
  plugins: ['@stryker-mutator/vitest-runner', './build/stryker-message-strings.mjs'],
  ignorers: skipMessages ? ['message-strings'] : [],
  coverageAnalysis: 'perTest',
  ignoreStatic: !includeStatic,
  concurrency: 2,
  timeoutMS: 10_000,
  incremental: true,
  incrementalFile: 'reports/mutation/stryker-incremental.json',
  reporters: ['clear-text', 'progress-append-only', 'html', 'json', 'survivors-log'],
  htmlReporter: { fileName: 'reports/mutation/mutation.html' },
  jsonReporter: { fileName: 'reports/mutation/mutation.json' },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  ignorePatterns: [
    '/*',
    '!/src',
    '!/test',
    '!/package.json',
    '!/tsconfig.json',
    '!/vitest.mutation.config.ts',
  ],
  thresholds: { high: 95, low: 85, break: null },
};
