// Ends the run with one plain line that CI systems read: "Tests: N passed, N failed, N skipped".
// With TEST_SUMMARY_FILE set (by run-tests.js, which runs Jest twice side by side and prints one line for
// both), the counts go to that file as JSON instead.
const { writeFileSync } = require('node:fs');

class SummaryReporter {
  onRunComplete(_contexts, results) {
    const counts = {
      passed: results.numPassedTests,
      failed: results.numFailedTests + results.numRuntimeErrorTestSuites,
      skipped: results.numPendingTests,
    };
    const file = process.env.TEST_SUMMARY_FILE;
    if (file) writeFileSync(file, JSON.stringify(counts));
    else process.stdout.write(`\nTests: ${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`);
  }
}
module.exports = SummaryReporter;
