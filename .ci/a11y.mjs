// Accessibility audit: axe-core in Debian's headless Chromium.
// Usage: node .ci/a11y.mjs URL [URL...]
// Exits 1 if any page fails to load (or answers >= 400) or has a serious or
// critical violation of WCAG 2.0/2.1 A/AA at either viewport; otherwise 0.
import { createRequire } from 'node:module';
import { chromium } from 'playwright-core';

const urls = process.argv.slice(2);
if (urls.length === 0) {
  console.error('usage: node .ci/a11y.mjs URL [URL...]');
  process.exit(2);
}

// Resolved from node_modules so the audited axe is exactly the locked one.
const axePath = createRequire(import.meta.url).resolve('axe-core/axe.min.js');
const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
const FAILING = new Set(['serious', 'critical']);
// Layout (and so contrast, overlap, target size) differs on phones: audit both.
const VIEWPORTS = {
  desktop: { viewport: { width: 1280, height: 900 } },
  mobile: { viewport: { width: 375, height: 800 }, isMobile: true, hasTouch: true },
};

const browser = await chromium.launch({
  // Debian's package, never a Playwright-downloaded build (no network here).
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  // Playwright already gives each launch a fresh, empty --user-data-dir.
  // Without the background/update/sync switches Chromium dials out at start-up,
  // which a closed network refuses.
  args: [
    '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync',
  ],
});

let failed = false;
const snippet = (html) => {
  const flat = html.replace(/\s+/g, ' ').trim();
  return flat.length > 160 ? `${flat.slice(0, 157)}...` : flat;
};

try {
  for (const [name, options] of Object.entries(VIEWPORTS)) {
    // The site's CSP is script-src 'self', which would block injecting axe.
    const context = await browser.newContext({ ...options, bypassCSP: true });
    const page = await context.newPage();
    for (const url of urls) {
      const label = `[${name}] ${url}`;
      let results;
      try {
        const response = await page.goto(url, { waitUntil: 'load', timeout: 30_000 });
        const status = response ? response.status() : 0;
        if (status === 0 || status >= 400) throw new Error(`HTTP status ${status || 'none'}`);
        await page.addScriptTag({ path: axePath });
        results = await page.evaluate(
          (tags) => window.axe.run(document, {
            runOnly: { type: 'tag', values: tags },
            resultTypes: ['violations'],
          }),
          TAGS,
        );
      } catch (err) {
        failed = true;
        console.log(`FAIL ${label}: could not be audited: ${err.message.split('\n')[0]}`);
        continue;
      }

      const serious = results.violations.filter((v) => FAILING.has(v.impact));
      const minor = results.violations.length - serious.length;
      if (serious.length) failed = true;
      console.log(`${serious.length ? 'FAIL' : 'ok  '} ${label}: ${serious.length} serious/critical, ${minor} moderate/minor (not failing)`);
      for (const v of serious) {
        console.log(`  - ${v.id} [${v.impact}] ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'})`);
        for (const node of v.nodes.slice(0, 3)) {
          console.log(`      ${node.target.flat().join(' >>> ')}`);
          console.log(`        ${snippet(node.html)}`);
        }
      }
    }
    await context.close();
  }
} finally {
  await browser.close();
}

process.exit(failed ? 1 : 0);
