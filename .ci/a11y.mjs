// Accessibility audit, page budgets and the site without JavaScript, in Debian's
// headless Chromium.
// Usage: node .ci/a11y.mjs URL [URL...]
// Exits 1 if any page fails to load (or answers >= 400), has a
// violation of WCAG 2.0/2.1 A/AA or axe's best practices at either viewport, breaks the
// first-load budget (requests, bytes, another origin), or if filters, search, map links
// or the language switch fail without JavaScript, or the filter panel on a phone hides
// what was just opened or ticked, or Escape in the search suggestions loses what was
// typed, or a search box's suggestions are hidden; otherwise 0.
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
// Every violation fails, whatever its impact: the budget is 0.
const FAILING = new Set(['minor', 'moderate', 'serious', 'critical']);
// First load of a page, empty cache: everything it fetches, font included.
const BUDGET = { requests: 12, bytes: 250 * 1024 };
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
  // Both viewports side by side: one page renders on the server while the other is
  // audited in the browser. Each prints its lines once done, in order.
  const reports = await Promise.all(
    Object.entries(VIEWPORTS).map(([name, options]) => audit(name, options)),
  );
  for (const lines of reports) console.log(lines.join('\n'));
  await budgets();
  await withoutJavaScript();
  await filtersOnAPhone();
  await escapeInSuggestions();
  for (const [name, options] of Object.entries(VIEWPORTS)) await suggestionsInView(name, options);
} finally {
  await browser.close();
}

process.exit(failed ? 1 : 0);

// axe on every page at one viewport: [the lines to print].
async function audit(name, options) {
  const lines = [];
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
      lines.push(`FAIL ${label}: could not be audited: ${err.message.split('\n')[0]}`);
      continue;
    }

    const serious = results.violations.filter((v) => FAILING.has(v.impact));
    if (serious.length) failed = true;
    lines.push(`${serious.length ? 'FAIL' : 'ok  '} ${label}: ${serious.length} violation${serious.length === 1 ? '' : 's'}`);
    for (const v of serious) {
      lines.push(`  - ${v.id} [${v.impact}] ${v.help} (${v.nodes.length} node${v.nodes.length === 1 ? '' : 's'})`);
      for (const node of v.nodes.slice(0, 3)) {
        lines.push(`      ${node.target.flat().join(' >>> ')}`);
        lines.push(`        ${snippet(node.html)}`);
      }
    }
  }
  await context.close();
  return lines;
}

// First load of every page in a fresh context (empty cache): requests, bytes transferred
// (headers and encoded bodies), and no request to another origin.
async function budgets() {
  console.log(`\nFirst-load budget: at most ${BUDGET.requests} requests and ${BUDGET.bytes / 1024} KB, same origin only`);
  let worstRequests = 0;
  let worstBytes = 0;
  // A few pages at a time: each waits for half a second without a request (networkidle).
  const lines = new Array(urls.length);
  let next = 0;
  const measureNext = async () => {
    while (next < urls.length) {
      const index = next++;
      const url = urls[index];
      const context = await browser.newContext(VIEWPORTS.desktop);
      const page = await context.newPage();
      const origin = new URL(url).origin;
      const requests = [];
      page.on('requestfinished', (request) => requests.push(request));
      page.on('requestfailed', (request) => requests.push(request));
      try {
        await page.goto(url, { waitUntil: 'networkidle', timeout: 30_000 });
        await page.evaluate(() => document.fonts.ready);
        let bytes = 0;
        const foreign = [];
        for (const request of requests) {
          if (request.url().startsWith('data:')) continue;
          if (new URL(request.url()).origin !== origin) foreign.push(request.url());
          const sizes = await request.sizes().catch(() => null);
          if (sizes) bytes += sizes.responseHeadersSize + sizes.responseBodySize;
        }
        const count = requests.filter((r) => !r.url().startsWith('data:')).length;
        worstRequests = Math.max(worstRequests, count);
        worstBytes = Math.max(worstBytes, bytes);
        const over = count > BUDGET.requests || bytes > BUDGET.bytes || foreign.length > 0;
        if (over) failed = true;
        lines[index] = `${over ? 'FAIL' : 'ok  '} ${url}: ${count} requests, ${(bytes / 1024).toFixed(1)} KB${foreign.length ? `, other origins: ${foreign.join(' ')}` : ''}`;
      } catch (err) {
        failed = true;
        lines[index] = `FAIL ${url}: could not be measured: ${err.message.split('\n')[0]}`;
      }
      await context.close();
    }
  };
  await Promise.all([measureNext(), measureNext(), measureNext()]);
  console.log(lines.join('\n'));
  console.log(`Heaviest first load: ${worstRequests} requests, ${(worstBytes / 1024).toFixed(1)} KB`);
}

// With JavaScript off: filters (desktop and phone), search, map links, language switch.
async function withoutJavaScript() {
  console.log('\nWithout JavaScript');
  const home = urls[0];
  const listing = urls.find((u) => /[?&]theme=/.test(u));
  const check = async (name, fn) => {
    try {
      const detail = await fn();
      console.log(`ok   ${name}${detail ? `: ${detail}` : ''}`);
    } catch (err) {
      failed = true;
      console.log(`FAIL ${name}: ${err.message.split('\n')[0]}`);
    }
  };
  for (const [label, options] of Object.entries(VIEWPORTS)) {
    const context = await browser.newContext({ ...options, javaScriptEnabled: false });
    const page = await context.newPage();
    if (listing) {
      await check(`[${label}] filters apply with the Apply button`, async () => {
        await page.goto(listing.split('?')[0]);
        const panel = page.locator('[data-filter-panel]');
        if (!(await panel.locator('.filters').isVisible())) await panel.locator('summary').click();
        const box = panel.locator('input[type=checkbox]').first();
        const name = await box.getAttribute('name');
        const value = await box.getAttribute('value');
        await box.check();
        await Promise.all([page.waitForNavigation(), panel.locator('[data-apply]').click()]);
        const params = new URL(page.url()).searchParams;
        if (!params.getAll(name).includes(value)) throw new Error(`${name}=${value} not applied: ${page.url()}`);
        if (!(await page.locator(`input[name="${name}"][value="${value}"]`).isChecked())) throw new Error('the box is not ticked after applying');
        return `${name}=${value}`;
      });
    }
    await check(`[${label}] search from the header`, async () => {
      await page.goto(home);
      await page.fill('#site-search', 'cooperative');
      await Promise.all([page.waitForNavigation(), page.press('#site-search', 'Enter')]);
      const results = await page.locator('.search-results > li').count();
      if (results === 0) throw new Error(`no result at ${page.url()}`);
      return `${results} results`;
    });
    await check(`[${label}] language switch`, async () => {
      await page.goto(home);
      const link = page.locator('.lang-switcher a[hreflang]').first();
      const lang = await link.getAttribute('hreflang');
      await Promise.all([page.waitForNavigation(), link.click()]);
      const shown = await page.locator('html').getAttribute('lang');
      if (shown !== lang) throw new Error(`html lang is ${shown}, expected ${lang}`);
      return `now ${lang}`;
    });
    await check(`[${label}] map links`, async () => {
      const hrefs = [];
      for (const url of urls.slice(0, Math.ceil(urls.length / 3))) {
        await page.goto(url);
        // The map's links are SVG <a>: their .href is an SVGAnimatedString, not a URL.
        hrefs.push(...await page.locator('.network-map a[href]').evaluateAll((links) => links.map((a) => new URL(a.getAttribute('href'), document.baseURI).href)));
      }
      for (const href of new Set(hrefs)) {
        const response = await page.goto(href);
        if (!response || response.status() !== 200) throw new Error(`${href}: ${response ? response.status() : 'no answer'}`);
      }
      return `${new Set(hrefs).size} distinct links followed`;
    });
    await context.close();
  }
}

// With JavaScript, on a phone: the opened panel shows its first choices, and after a tick
// (which reloads the page, its address free of empty fields) the ticked box is in view,
// above the results line kept at the bottom of the open panel.
async function filtersOnAPhone() {
  const listing = urls.find((u) => /[?&]theme=/.test(u));
  if (!listing) return;
  const context = await browser.newContext(VIEWPORTS.mobile);
  const page = await context.newPage();
  const visible = async (box) => {
    const bar = await page.locator('[data-filter-panel] .filter-actions').boundingBox();
    const place = await box.boundingBox();
    const height = page.viewportSize().height;
    return place.y >= 0 && place.y + place.height <= Math.min(bar.y, height);
  };
  try {
    await page.goto(listing.split('?')[0]);
    await page.locator('[data-filter-panel] summary').click();
    await page.waitForTimeout(300);
    const first = page.locator('[data-filter-panel] input[type=checkbox]').first();
    if (!(await visible(first))) throw new Error('the first choice is not in view once the panel is open');
    const box = page.locator('[data-filter-panel] input[type=checkbox]').nth(2);
    const id = await box.getAttribute('id');
    await Promise.all([page.waitForNavigation(), box.check()]);
    await page.waitForTimeout(300);
    if (/=(&|$)/.test(new URL(page.url()).search)) throw new Error(`empty fields in the address: ${page.url()}`);
    const focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
    if (focused !== id) throw new Error(`focus is on ${focused}, not on the ticked box ${id}`);
    if (!(await visible(page.locator(`#${id}`)))) throw new Error('the ticked box is not in view after the page reloads');
    console.log('ok   [mobile] the filter panel keeps what was opened and ticked in view');
  } catch (err) {
    failed = true;
    console.log(`FAIL [mobile] filter panel: ${err.message.split('\n')[0]}`);
  }
  await context.close();
}

// With JavaScript: the first Escape in the search box closes its suggestions and keeps
// what was typed (Chromium's search field clears itself on Escape unless told not to).
async function escapeInSuggestions() {
  const context = await browser.newContext(VIEWPORTS.desktop);
  const page = await context.newPage();
  try {
    await page.goto(urls[0], { waitUntil: 'networkidle', timeout: 30_000 });
    const input = page.locator('input[data-suggest]').first();
    await input.click();
    await input.pressSequentially('coop', { delay: 30 });
    await page.waitForFunction(
      () => document.querySelector('input[data-suggest]').getAttribute('aria-expanded') === 'true',
      null,
      { timeout: 5_000 },
    );
    await page.keyboard.press('Escape');
    if ((await input.getAttribute('aria-expanded')) !== 'false') throw new Error('Escape left the suggestions open');
    const value = await input.inputValue();
    if (value !== 'coop') throw new Error(`Escape changed the search box to "${value}"`);
    console.log('ok   [desktop] Escape closes the suggestions and keeps what was typed');
  } catch (err) {
    failed = true;
    console.log(`FAIL [desktop] search suggestions: ${err.message.split('\n')[0]}`);
  }
  await context.close();
}

// Every search box of the first page (the home page: the header's and the hero's) shows
// its suggestions where they can be read and tapped: not under another element, not
// clipped by a section's overflow (the hero's once cut them off below its foot).
async function suggestionsInView(name, options) {
  const context = await browser.newContext(options);
  const page = await context.newPage();
  try {
    await page.goto(urls[0], { waitUntil: 'networkidle', timeout: 30_000 });
    const inputs = await page.locator('input[data-suggest]').all();
    let checked = 0;
    for (const input of inputs) {
      if (!(await input.isVisible())) continue;
      const id = await input.getAttribute('id');
      await input.fill('');
      await input.pressSequentially('coop', { delay: 30 });
      await page.waitForFunction(
        (box) => document.getElementById(box).getAttribute('aria-expanded') === 'true',
        id,
        { timeout: 5_000 },
      );
      const hidden = await page.evaluate((box) => {
        const list = document.getElementById(document.getElementById(box).getAttribute('aria-controls'));
        const missed = [];
        for (const item of list.querySelectorAll('li')) {
          // The window scrolls, not the item's ancestors: scrollIntoView would scroll a
          // clipping section's content and bring the item back into its view.
          const before = item.getBoundingClientRect();
          window.scrollBy(0, before.top + before.height / 2 - window.innerHeight / 2);
          const rect = item.getBoundingClientRect();
          const hit = document.elementFromPoint(rect.left + rect.width / 2, rect.top + rect.height / 2);
          if (!item.contains(hit)) missed.push(item.textContent.trim());
        }
        return missed;
      }, id);
      if (hidden.length) throw new Error(`#${id}: ${hidden.length} suggestion(s) hidden, first "${hidden[0]}"`);
      await page.keyboard.press('Escape');
      checked += 1;
    }
    if (!checked) throw new Error('no search box with suggestions on the first page');
    console.log(`ok   [${name}] the suggestions of ${checked} search box(es) are in view`);
  } catch (err) {
    failed = true;
    console.log(`FAIL [${name}] search suggestions in view: ${err.message.split('\n')[0]}`);
  }
  await context.close();
}
