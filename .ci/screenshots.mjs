// Full-page screenshots of the public site: node .ci/screenshots.mjs OUT_DIR < plan
// Each line of the plan is "LANG NAME URL" (manage.py audit_urls --named). Writes
// OUT_DIR/<lang>-<name>-<desktop|phone>.png at 1366x900 and 390x844 in Debian's Chromium.
import { mkdir } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const out = process.argv[2] || 'var/screenshots';
const plan = readFileSync(0, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean)
  .map((line) => { const [lang, name, url] = line.split(/\s+/); return { lang, name, url }; });
if (plan.length === 0) {
  console.error('usage: manage.py audit_urls --named | node .ci/screenshots.mjs OUT_DIR');
  process.exit(2);
}
const VIEWPORTS = {
  desktop: { viewport: { width: 1366, height: 900 } },
  phone: { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 1 },
};

await mkdir(out, { recursive: true });
const browser = await chromium.launch({
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
});
let failed = false;
try {
  for (const [label, options] of Object.entries(VIEWPORTS)) {
    const context = await browser.newContext(options);
    const page = await context.newPage();
    for (const { lang, name, url } of plan) {
      const file = path.join(out, `${lang}-${name}-${label}.png`);
      try {
        await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
        await page.evaluate(() => document.fonts.ready);
        await page.screenshot({ path: file, fullPage: true });
        console.log(`wrote ${file}`);
      } catch (err) {
        failed = true;
        console.log(`FAIL ${file}: ${err.message.split('\n')[0]}`);
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}
process.exit(failed ? 1 : 0);
