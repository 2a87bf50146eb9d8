#!/usr/bin/env node
// check.js drives Debian's Chromium (no browser is downloaded) over the
// static finding aid, opened from the file system as a reader would:
//
//   node check.js axe DIR…              axe-core (WCAG 2.1 A and AA) on every page under DIR
//   node check.js search DIR QUERY…     search.html?q=QUERY (or search.html?ARGS for a QUERY
//                                       that starts with "?"): the results, as JSON
//   node check.js flow DIR QUERY        type QUERY in the header's search box of DIR/index.html
//   node check.js facet DIR QUERY VALUE search for QUERY, choose the facet value VALUE with the
//                                       keyboard, then go back and forward
//   node check.js home DIST QUERY       DIST/index.html?q=QUERY: the results in every finding aid
//   node check.js bench DIR QUERY…      each query in a fresh browser context (RUNS times): the
//                                       index files loaded, their bytes, and the time to results
//   node check.js shots OUT PAGE…       full-page screenshots at 1280 and 390 pixels wide
//   node check.js permalink DIR ID…     open DIR/inventory.html#ID: the page it ends on, and
//                                       the unit's Cite when it is open
//
// It prints one JSON document on standard output; pkg/site's tests read it
// and decide. CHROMIUM names the browser (default /usr/bin/chromium).
"use strict";

const fs = require("fs");
const os = require("os");
const path = require("path");
const { pathToFileURL } = require("url");
const puppeteer = require("puppeteer-core");

const AXE = require.resolve("axe-core/axe.min.js");
const TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function launch() {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), "fonds-chromium-"));
  const browser = await puppeteer.launch({
    executablePath: process.env.CHROMIUM || "/usr/bin/chromium",
    headless: true,
    pipe: true,
    userDataDir: profile,
    args: [
      "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
      "--disable-component-update", "--disable-sync", "--disable-extensions",
      "--allow-file-access-from-files",
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

function pages(dir) {
  const out = [];
  (function walk(d) {
    for (const e of fs.readdirSync(d, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.name.endsWith(".html")) out.push(p);
    }
  })(dir);
  return out;
}

// newPage opens a page that may load nothing from the network: every request
// that is not file:// fails the check.
async function newPage(browser, width, errors) {
  const page = await browser.newPage();
  await page.setViewport({ width, height: 900, deviceScaleFactor: 1 });
  await page.setRequestInterception(true);
  page.on("request", (req) => {
    const u = req.url();
    if (u.startsWith("file:") || u.startsWith("data:") || u === "about:blank") req.continue();
    else {
      errors.push("request to " + u);
      req.abort();
    }
  });
  page.on("pageerror", (err) => errors.push("script error: " + err.message));
  // A dialog is script that the sources smuggled in: hostile-input tests look for it.
  page.on("dialog", async (d) => {
    errors.push("dialog opened: " + d.message());
    await d.dismiss();
  });
  page.on("console", (msg) => {
    if (msg.type() === "error") errors.push("console: " + msg.text());
  });
  return page;
}

async function runAxe(page) {
  await page.addScriptTag({ path: AXE });
  return page.evaluate(async (tags) => {
    const r = await window.axe.run(document, { runOnly: { type: "tag", values: tags }, resultTypes: ["violations"] });
    return r.violations.map((v) => ({
      id: v.id, impact: v.impact, help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + n.failureSummary.replace(/\s+/g, " ")),
    }));
  }, TAGS);
}

async function axe(dirs) {
  const { browser, close } = await launch();
  const report = { pages: 0, violations: [], errors: [] };
  try {
    for (const dir of dirs) {
      for (const file of pages(dir)) {
        for (const width of [1280, 390]) {
          const errors = [];
          const page = await newPage(browser, width, errors);
          await page.goto(pathToFileURL(file).href, { waitUntil: "load" });
          const v = await runAxe(page);
          report.pages++;
          for (const x of v) report.violations.push({ page: file, width, ...x });
          for (const e of errors) report.errors.push({ page: file, error: e });
          await page.close();
        }
      }
      // The search page with results shown, which search.js builds.
      const search = path.join(dir, "search.html");
      if (fs.existsSync(search)) {
        const errors = [];
        const page = await newPage(browser, 1280, errors);
        await page.goto(pathToFileURL(search).href + "?q=the", { waitUntil: "load" });
        await page.waitForFunction(STATUS_DONE);
        const v = await runAxe(page);
        report.pages++;
        for (const x of v) report.violations.push({ page: search + "?q=the", width: 1280, ...x });
        for (const e of errors) report.errors.push({ page: search, error: e });
        await page.close();
      }
    }
  } finally {
    await close();
  }
  return report;
}

// STATUS_DONE: search.js has shown a search's results and facets.
const STATUS_DONE = () => {
  const s = document.getElementById("search-status").textContent;
  return s !== "" && s !== "Searching…" && document.body.hasAttribute("data-done");
};

async function results(page) {
  return page.evaluate(() => {
    const txt = (e) => (e ? e.textContent : "");
    return {
      status: txt(document.getElementById("search-status")),
      url: location.href,
      hits: Array.from(document.querySelectorAll("#search-results li.hit")).map((li) => {
        const a = li.querySelector(".hit-title a");
        return {
          title: txt(a), href: a ? a.getAttribute("href") : "",
          path: Array.from(li.querySelectorAll(".path a, .path > span:not(.vh):not(.sep)")).map((x) => x.textContent),
          meta: txt(li.querySelector(".meta")),
          snippet: Array.from(li.querySelectorAll(".snippet")).map((x) => x.textContent).join("\n"),
          marks: Array.from(li.querySelectorAll("mark")).map((x) => x.textContent),
          lang: (li.querySelector(".hit-title [lang]") || { lang: "" }).lang,
        };
      }),
      facets: Array.from(document.querySelectorAll("#search-facets section.facet")).map((sec) => ({
        label: txt(sec.querySelector("h3")),
        values: Array.from(sec.querySelectorAll("li a")).map((a) => ({ text: a.textContent, href: a.getAttribute("href"), id: a.getAttribute("data-facet") })),
      })),
      chosen: Array.from(document.querySelectorAll("#search-facets .chosen a")).map((a) => a.textContent),
      focus: document.activeElement ? document.activeElement.tagName.toLowerCase() + (document.activeElement.id ? "#" + document.activeElement.id : "") +
        (document.activeElement.getAttribute("data-facet") ? "[" + document.activeElement.getAttribute("data-facet") + "]" : "") : "",
      text: txt(document.getElementById("search-results")),
    };
  });
}

function searchURL(dir, q) {
  return pathToFileURL(path.join(dir, "search.html")).href + (q.startsWith("?") ? q : "?q=" + encodeURIComponent(q));
}

async function search(dir, queries) {
  const { browser, close } = await launch();
  const report = { queries: {}, errors: [] };
  try {
    for (const q of queries) {
      const errors = [];
      const page = await newPage(browser, 1280, errors);
      await page.goto(searchURL(dir, q), { waitUntil: "load" });
      await page.waitForFunction(STATUS_DONE, { timeout: 10000 });
      report.queries[q] = await results(page);
      for (const e of errors) report.errors.push({ query: q, error: e });
      await page.close();
    }
  } finally {
    await close();
  }
  return report;
}

// facet searches for q, moves the keyboard to the facet value whose text
// starts with value and presses Enter, as a reader without a mouse does;
// then goes back and forward through the history.
async function facet(dir, q, value) {
  const { browser, close } = await launch();
  const errors = [];
  const steps = {};
  try {
    const page = await newPage(browser, 1280, errors);
    await page.goto(searchURL(dir, q), { waitUntil: "load" });
    await page.waitForFunction(STATUS_DONE, { timeout: 10000 });
    steps.before = await results(page);
    // Tab from the search box until the facet value has the focus.
    await page.focus("#search-q");
    let found = false;
    for (let i = 0; i < 200 && !found; i++) {
      await page.keyboard.press("Tab");
      found = await page.evaluate((v) => {
        const a = document.activeElement;
        return !!a && a.closest && !!a.closest("#search-facets") && a.textContent.startsWith(v);
      }, value);
    }
    steps.reached = found;
    if (found) {
      const done = await page.evaluate(() => document.body.getAttribute("data-done"));
      await page.keyboard.press("Enter");
      await page.waitForFunction((b) => document.body.getAttribute("data-done") !== b, { timeout: 10000 }, done);
      steps.chosen = await results(page);
      for (const [step, go, url] of [["back", () => page.goBack(), steps.before.url], ["forward", () => page.goForward(), steps.chosen.url]]) {
        const was = await page.evaluate(() => document.body.getAttribute("data-done"));
        await go();
        await page.waitForFunction((u, b) => location.href === u && document.body.getAttribute("data-done") !== b,
          { timeout: 10000 }, url, was);
        steps[step] = await results(page);
      }
    }
    return { steps, errors };
  } finally {
    await close();
  }
}

// home searches every finding aid of a build from its list.
async function home(dist, q) {
  const { browser, close } = await launch();
  const errors = [];
  try {
    const page = await newPage(browser, 1280, errors);
    await page.goto(pathToFileURL(path.join(dist, "index.html")).href + "?q=" + encodeURIComponent(q), { waitUntil: "load" });
    await page.waitForFunction(STATUS_DONE, { timeout: 20000 });
    const r = await page.evaluate(() => ({
      status: document.getElementById("search-status").textContent,
      aids: Array.from(document.querySelectorAll("#search-results section.aid")).map((sec) => ({
        title: (sec.querySelector("h3") || {}).textContent || "",
        hits: Array.from(sec.querySelectorAll("li.hit .hit-title a")).map((a) => ({ title: a.textContent, href: a.getAttribute("href") })),
        more: sec.querySelector(".more a") ? sec.querySelector(".more a").getAttribute("href") : "",
      })),
    }));
    return { result: r, errors };
  } finally {
    await close();
  }
}

// bench runs each query in a fresh browser context, as a reader's first
// search: the index files it loaded (search/*.js, their bytes read from
// the disk), the milliseconds from the start of the page's navigation to
// the first result being shown, to the whole page of results, and to the
// facets being counted too.
async function bench(dir, queries) {
  const { browser, close } = await launch();
  const report = { queries: [], errors: [] };
  const runs = Math.max(1, parseInt(process.env.RUNS || "1", 10));
  try {
    for (const q of [].concat(...Array.from({ length: runs }, () => queries))) {
      const ctx = await browser.createBrowserContext();
      const page = await ctx.newPage();
      await page.setViewport({ width: 1280, height: 900, deviceScaleFactor: 1 });
      const files = new Set();
      page.on("request", (req) => {
        const u = req.url();
        if (u.startsWith("file:") && u.includes("/search/")) files.add(new URL(u).pathname);
      });
      page.on("pageerror", (err) => report.errors.push({ query: q, error: err.message }));
      const wall = Date.now();
      await page.goto(searchURL(dir, q), { waitUntil: "load" });
      await page.waitForFunction(STATUS_DONE, { timeout: 60000, polling: 5 });
      const t = await page.evaluate(() => ({
        ms: +document.body.getAttribute("data-results-at"),
        pageMs: +document.body.getAttribute("data-page-at"),
        facetsMs: +document.body.getAttribute("data-facets-at"),
        status: document.getElementById("search-status").textContent,
      }));
      let bytes = 0;
      for (const f of files) bytes += fs.statSync(decodeURIComponent(f)).size;
      report.queries.push({ query: q, files: files.size, bytes, ms: t.ms, pageMs: t.pageMs, facetsMs: t.facetsMs, wallMs: Date.now() - wall, status: t.status });
      await ctx.close();
    }
  } finally {
    await close();
  }
  return report;
}

// flow types a query into the search box of the collection page and
// follows the form to the results, as a reader does.
async function flow(dir, q) {
  const { browser, close } = await launch();
  const errors = [];
  try {
    const page = await newPage(browser, 1280, errors);
    await page.goto(pathToFileURL(path.join(dir, "index.html")).href, { waitUntil: "load" });
    await page.type("#quick-q", q);
    await Promise.all([page.waitForNavigation({ waitUntil: "load" }), page.keyboard.press("Enter")]);
    await page.waitForFunction(STATUS_DONE, { timeout: 10000 });
    const r = await results(page);
    return { result: r, errors };
  } finally {
    await close();
  }
}

// permalink opens inventory.html#ID for each ID and reports the address it
// ends on and whether that page holds the element, once fonds.js is done.
async function permalink(dir, ids) {
  const { browser, close } = await launch();
  const report = { links: {}, errors: [] };
  try {
    for (const id of ids) {
      const page = await newPage(browser, 1280, report.errors);
      const url = pathToFileURL(path.join(dir, "inventory.html")).href + "#" + encodeURIComponent(id);
      await page.goto(url, { waitUntil: "load" });
      try {
        await page.waitForFunction((id) => document.readyState === "complete" && document.getElementById(id) !== null,
          { timeout: 2000 }, id);
      } catch (e) {
        // not found anywhere: reported below as found: false
      }
      report.links[id] = {
        url: page.url(),
        found: await page.evaluate((id) => document.getElementById(id) !== null, id),
        // The unit's Cite, opened: its place in the inventory and citation.
        cite: await page.evaluate((id) => {
          const c = document.getElementById(id) && document.getElementById(id).querySelector(":scope > details.cite, :scope > .desc > details.cite");
          return c && c.open ? c.innerText : "";
        }, id),
      };
      await page.close();
    }
  } finally {
    await close();
  }
  return report;
}

async function shots(out, files) {
  const { browser, close } = await launch();
  const made = [];
  const errors = [];
  try {
    fs.mkdirSync(out, { recursive: true });
    for (const file of files) {
      for (const width of [1280, 390]) {
        const page = await newPage(browser, width, errors);
        const [f, q] = file.split("?");
        await page.goto(pathToFileURL(f).href + (q ? "?" + q : ""), { waitUntil: "load" });
        if (q) await page.waitForFunction(STATUS_DONE);
        const name = path.relative(path.dirname(path.dirname(f)), f).replace(/[\/.?=]/g, "_") + (q ? "_" + q.replace(/\W/g, "") : "") + "-" + width + ".png";
        const dst = path.join(out, name);
        await page.screenshot({ path: dst, fullPage: true });
        made.push(dst);
        // SEGMENT=N also writes the page in slices N pixels high, to look at closely.
        const seg = parseInt(process.env.SEGMENT || "0", 10);
        if (seg > 0) {
          const height = await page.evaluate(() => document.documentElement.scrollHeight);
          for (let y = 0, i = 1; y < height && i <= 8; y += seg, i++) {
            const part = dst.replace(/\.png$/, "-" + i + ".png");
            await page.screenshot({ path: part, clip: { x: 0, y, width, height: Math.min(seg, height - y) }, captureBeyondViewport: true });
            made.push(part);
          }
        }
        await page.close();
      }
    }
  } finally {
    await close();
  }
  return { shots: made, errors };
}

async function main() {
  const [cmd, ...args] = process.argv.slice(2);
  let r;
  switch (cmd) {
    case "axe": r = await axe(args); break;
    case "search": r = await search(args[0], args.slice(1)); break;
    case "flow": r = await flow(args[0], args[1]); break;
    case "facet": r = await facet(args[0], args[1], args[2]); break;
    case "home": r = await home(args[0], args[1]); break;
    case "bench": r = await bench(args[0], args.slice(1)); break;
    case "shots": r = await shots(args[0], args.slice(1)); break;
    case "permalink": r = await permalink(args[0], args.slice(1)); break;
    default:
      process.stderr.write("usage: check.js axe DIR… | search DIR QUERY… | flow DIR QUERY | facet DIR QUERY VALUE | home DIST QUERY | bench DIR QUERY… | shots OUT PAGE… | permalink DIR ID…\n");
      process.exit(2);
  }
  process.stdout.write(JSON.stringify(r, null, 1) + "\n");
}

main().catch((err) => {
  process.stderr.write(String(err && err.stack || err) + "\n");
  process.exit(1);
});
