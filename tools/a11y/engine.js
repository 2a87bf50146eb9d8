#!/usr/bin/env node
// engine.js runs the search engine of templates/search.js in Node, with no
// browser, for pkg/site's tests: they give it text to cut into tokens,
// postings to decode and queries to read, as JSON on standard input, and
// compare what it prints with what Go makes of the same.
//
//   node engine.js SEARCH.JS < {"tokens": [text…], "terms": [postings…], "docs": [postings…], "queries": [query…]}
"use strict";

const fs = require("fs");
const vm = require("vm");

const ctx = { window: {} };
vm.createContext(ctx);
vm.runInContext(fs.readFileSync(process.argv[2], "utf8"), ctx);
const e = ctx.window.fondsSearchEngine;
const input = JSON.parse(fs.readFileSync(0, "utf8"));
const out = {
  tokens: (input.tokens || []).map((s) => Array.from(e.tokens(s))),
  terms: (input.terms || []).map((s) => JSON.parse(JSON.stringify(e.term(s)))),
  docs: (input.docs || []).map((s) => Array.from(e.docList(s))),
  queries: (input.queries || []).map((q) => JSON.parse(JSON.stringify(e.parse(q)))),
};
process.stdout.write(JSON.stringify(out) + "\n");
