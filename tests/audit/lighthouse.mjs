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
// What no category scores is not gathered: the full-page screenshot and the filmstrip (pictures in
// the HTML report) and the back/forward-cache check (a diagnostic of weight 0), a quarter of each
// run's time; every audit a category weighs runs as in the CLI.
const UNSCORED = {
  disableFullPageScreenshot: true,
  skipAudits: ['bf-cache', 'screenshot-thumbnails', 'final-screenshot'],
};
let failed = 0;
try {
  for (const run of jobs.runs) {
    try {
      const result = await lighthouse(run.url, {
        port: chrome.port, output: ['json', 'html'], onlyCategories: jobs.categories,
        logLevel: 'error', ...UNSCORED,
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
