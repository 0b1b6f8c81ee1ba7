// Lighthouse on many pages in one Chromium: `node lighthouse.mjs <jobs.json>`.
//
// The CLI launches a Chromium and loads Lighthouse anew for every page, about two seconds of
// each run. Here Chromium is launched once (with the CLI's launcher and flags) and every run
// connects to it, as the CLI does to the one it launched: Lighthouse opens a new tab for each
// run and clears the origin's storage and the browser's cache before it loads the page, so a run
// starts as cold as in a new browser. The jobs file gives
// {"chromePath", "chromeFlags": [...], "categories": [...], "runs": [{"url", "output"}]};
// each run writes <output>.report.json and <output>.report.html, as the CLI's --output-path
// does, or nothing when Lighthouse fails (the audit reports a page without a report).
import fs from 'node:fs';
import * as ChromeLauncher from 'chrome-launcher';
import lighthouse from 'lighthouse';

const jobs = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
const chrome = await ChromeLauncher.launch({
  chromePath: jobs.chromePath, chromeFlags: jobs.chromeFlags, logLevel: 'silent',
});
let failed = 0;
try {
  for (const run of jobs.runs) {
    try {
      const result = await lighthouse(run.url, {
        port: chrome.port, output: ['json', 'html'], onlyCategories: jobs.categories,
        logLevel: 'error',
      });
      fs.writeFileSync(`${run.output}.report.json`, result.report[0]);
      fs.writeFileSync(`${run.output}.report.html`, result.report[1]);
    } catch (error) {
      failed += 1;
      process.stderr.write(`${run.url}: Lighthouse failed: ${error.message}\n`);
    }
  }
} finally {
  await chrome.kill();
}
process.exitCode = failed ? 1 : 0;
