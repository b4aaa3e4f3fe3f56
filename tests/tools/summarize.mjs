// Sums the checks, vitest's and Playwright's JSON reports into one closing line:
// "N passed, N failed, N skipped". Exits non-zero when anything failed or a report is missing.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? 'test-results/reports';
let passed = 0;
let failed = 0;
let skipped = 0;

const checksFile = path.join(dir, 'checks.txt');
if (existsSync(checksFile)) {
  for (const line of readFileSync(checksFile, 'utf8').split('\n').filter(Boolean)) {
    if (line.endsWith(' passed')) passed += 1;
    else {
      failed += 1;
      console.log(`check ${line}`);
    }
  }
}

const vitestFile = path.join(dir, 'vitest.json');
if (existsSync(vitestFile)) {
  const report = JSON.parse(readFileSync(vitestFile, 'utf8'));
  passed += report.numPassedTests;
  failed += report.numFailedTests;
  skipped += report.numPendingTests + (report.numTodoTests ?? 0);
  // A suite that failed to load has no tests to count: count it as a failure.
  failed += report.testResults.filter((suite) => suite.status === 'failed' && suite.assertionResults.length === 0).length;
  console.log(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${report.numPendingTests} skipped`);
} else {
  failed += 1;
  console.log('vitest: no report (the runner did not finish)');
}

const playwrightFile = path.join(dir, 'playwright.json');
if (existsSync(playwrightFile)) {
  const { stats, errors } = JSON.parse(readFileSync(playwrightFile, 'utf8'));
  passed += stats.expected + stats.flaky;
  failed += stats.unexpected + (errors?.length ?? 0);
  skipped += stats.skipped;
  console.log(`playwright: ${stats.expected + stats.flaky} passed, ${stats.unexpected} failed, ${stats.skipped} skipped`);
} else {
  failed += 1;
  console.log('playwright: no report (the runner did not finish)');
}

console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
