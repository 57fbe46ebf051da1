#!/usr/bin/env node
// Tests the TextMate grammar (syntaxes/mops.tmLanguage.json) with the same
// engine VS Code uses: vscode-textmate on top of the Oniguruma WASM build.
//
// Every .mops file of the repository's examples and the prelude is tokenized;
// specific tokens must carry specific scopes, no token may be
// `invalid.illegal`, and every non-blank character must get a scope beyond
// `source.mops`. A few inline snippets cover what the examples do not use
// (booleans, text blocks, escapes, suppression comments, unknown kinds).
//
// Run: `node test/grammar.test.js` (or `npm test`, or `test/run.sh`).
'use strict';

const assert = require('assert');
const fs = require('fs');
const path = require('path');
const vsctm = require('vscode-textmate');
const oniguruma = require('vscode-oniguruma');

const EXT_DIR = path.resolve(__dirname, '..');
const REPO = path.resolve(EXT_DIR, '..', '..');
const GRAMMAR_PATH = path.join(EXT_DIR, 'syntaxes', 'mops.tmLanguage.json');
const EXAMPLES = path.join(REPO, 'examples');
const PRELUDE = path.join(REPO, 'src', 'prelude.mops');

// ------------------------------------------------------------------ setup

async function loadGrammar() {
  const wasm = fs.readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new vsctm.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (sources) => new oniguruma.OnigScanner(sources),
      createOnigString: (s) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async (scopeName) => {
      if (scopeName !== 'source.mops') return null;
      const raw = fs.readFileSync(GRAMMAR_PATH, 'utf8');
      return vsctm.parseRawGrammar(raw, GRAMMAR_PATH);
    },
  });
  const grammar = await registry.loadGrammar('source.mops');
  assert.ok(grammar, 'grammar source.mops did not load');
  return grammar;
}

/** Tokenizes a whole document: [{line, start, end, text, scopes}]. */
function tokenize(grammar, source) {
  const lines = source.split(/\r?\n/);
  const tokens = [];
  let ruleStack = vsctm.INITIAL;
  lines.forEach((lineText, line) => {
    const r = grammar.tokenizeLine(lineText, ruleStack);
    for (const t of r.tokens) {
      const end = Math.min(t.endIndex, lineText.length);
      tokens.push({ line, start: t.startIndex, end, text: lineText.slice(t.startIndex, end), scopes: t.scopes });
    }
    ruleStack = r.ruleStack;
  });
  return { lines, tokens };
}

function findMopsFiles(dir) {
  const out = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...findMopsFiles(p));
    else if (entry.isFile() && entry.name.endsWith('.mops')) out.push(p);
  }
  return out.sort();
}

// ------------------------------------------------------------------ helpers

function hasScope(token, expected) {
  return token.scopes.some((s) => s === expected || s.startsWith(expected + '.'));
}

function show(token) {
  return `${JSON.stringify(token.text)} @${token.line + 1}:${token.start + 1} [${token.scopes.join(', ')}]`;
}

/**
 * Finds the `nth` (0-based) occurrence of `needle` on a line matching
 * `lineFilter` (a string the line must contain, or a RegExp), and returns the
 * tokens that cover that text. With `exact` (the default) the token
 * boundaries must coincide with the needle's; `exact: false` allows text
 * inside a longer token (a word inside a string or comment).
 */
function tokensOf(doc, needle, { line: lineFilter, nth = 0, exact = true } = {}) {
  let seen = 0;
  for (let i = 0; i < doc.lines.length; i++) {
    const text = doc.lines[i];
    if (lineFilter !== undefined) {
      const ok = lineFilter instanceof RegExp ? lineFilter.test(text) : text.includes(lineFilter);
      if (!ok) continue;
    }
    let from = 0;
    for (;;) {
      const col = text.indexOf(needle, from);
      if (col < 0) break;
      if (seen++ === nth) {
        const end = col + needle.length;
        const covered = doc.tokens.filter((t) => t.line === i && t.end > col && t.start < end);
        assert.ok(covered.length > 0, `no token for ${JSON.stringify(needle)} on line ${i + 1}`);
        if (!exact) return covered;
        assert.strictEqual(covered[0].start, col,
          `${JSON.stringify(needle)} on line ${i + 1} does not start a token: ${covered.map(show).join(' | ')}`);
        assert.strictEqual(covered[covered.length - 1].end, end,
          `${JSON.stringify(needle)} on line ${i + 1} does not end a token: ${covered.map(show).join(' | ')}`);
        return covered;
      }
      from = col + 1;
    }
  }
  assert.fail(`text ${JSON.stringify(needle)} (occurrence ${nth}${lineFilter ? `, line ${lineFilter}` : ''}) not found`);
}

/** Every token of `needle` carries `scope` (or a more specific one). */
function expectScope(doc, needle, scope, opts) {
  for (const t of tokensOf(doc, needle, opts)) {
    assert.ok(hasScope(t, scope), `expected ${scope} on ${show(t)}`);
  }
}

/** Some token of `needle` carries `scope`. */
function expectSomeScope(doc, needle, scope, opts) {
  const ts = tokensOf(doc, needle, opts);
  assert.ok(ts.some((t) => hasScope(t, scope)), `expected ${scope} on one of ${ts.map(show).join(' | ')}`);
}

/** No token of `needle` carries `scope`. */
function expectNoScope(doc, needle, scope, opts) {
  for (const t of tokensOf(doc, needle, { exact: false, ...opts })) {
    assert.ok(!hasScope(t, scope), `unexpected ${scope} on ${show(t)}`);
  }
}

// ------------------------------------------------------------------ tests

const tests = [];
function test(name, fn) {
  tests.push({ name, fn });
}

async function main() {
  const grammar = await loadGrammar();
  const files = [...findMopsFiles(EXAMPLES), PRELUDE];
  const docs = new Map();
  for (const f of files) docs.set(path.relative(REPO, f).split(path.sep).join('/'), tokenize(grammar, fs.readFileSync(f, 'utf8')));
  const doc = (rel) => {
    const d = docs.get(rel);
    assert.ok(d, `missing test input ${rel}`);
    return d;
  };
  const snippet = (src) => tokenize(grammar, src);

  // --- every file

  test(`tokenizes all ${files.length} .mops files (examples and prelude)`, () => {
    assert.ok(files.length >= 10, `expected the examples, found ${files.length} files`);
    for (const rel of ['examples/section9/launch.mops', 'examples/section9/stack.mops', 'src/prelude.mops']) doc(rel);
  });

  test('no token in any example or the prelude is invalid.illegal', () => {
    for (const [rel, d] of docs) {
      for (const t of d.tokens) assert.ok(!hasScope(t, 'invalid'), `${rel}: ${show(t)}`);
    }
  });

  test('every non-blank character in the examples and prelude gets a scope', () => {
    for (const [rel, d] of docs) {
      for (const t of d.tokens) {
        if (t.text.trim() === '') continue;
        assert.ok(t.scopes.length > 1, `${rel}: unscoped ${show(t)}`);
      }
    }
  });

  // --- LANGUAGE.md §9 launch.mops

  const launch = () => doc('examples/section9/launch.mops');

  test('launch.mops: comments and import', () => {
    expectScope(launch(), '# launch.mops', 'comment.line.number-sign.mops');
    expectScope(launch(), '#', 'punctuation.definition.comment.mops', { line: '# launch.mops' });
    expectScope(launch(), 'import', 'keyword.control.import.mops', { line: '"context.mops"' });
    expectScope(launch(), 'import', 'keyword.control.import.mops', { line: '"stack.mops"' });
    expectScope(launch(), '"context.mops"', 'string.quoted.double.mops');
  });

  test('launch.mops: campaign header (kind, name, type)', () => {
    const l = 'campaign insights-launch';
    expectScope(launch(), 'campaign', 'keyword.other.block-kind.mops', { line: l });
    expectScope(launch(), 'insights-launch', 'entity.name.section.mops', { line: l });
    expectScope(launch(), ':', 'punctuation.separator.type.mops', { line: l });
    expectScope(launch(), 'product-launch', 'entity.name.type.mops', { line: l });
    expectScope(launch(), '{', 'punctuation.section.block.begin.mops', { line: l });
  });

  test('launch.mops: nested headers (step, email, signal, goals, utm, tiers)', () => {
    const d = launch();
    expectScope(d, 'step', 'keyword.other.block-kind.mops', { line: 'step brief' });
    expectScope(d, 'brief', 'entity.name.section.mops', { line: 'step brief' });
    expectScope(d, 'marketing-context', 'entity.name.type.mops', { line: 'step brief' });
    expectScope(d, 'ad-copy', 'entity.name.section.mops', { line: 'step ad-copy' });
    expectScope(d, 'email', 'keyword.other.block-kind.mops', { line: 'email day-0' });
    expectScope(d, 'day-0', 'entity.name.section.mops', { line: 'email day-0' });
    expectScope(d, 'signal', 'keyword.other.block-kind.mops', { line: 'signal icp-title' });
    expectScope(d, 'high-intent', 'entity.name.type.mops', { line: 'signal pricing-visit' });
    for (const kind of ['goals', 'utm', 'tiers', 'sequence', 'scoring', 'attribution']) {
      expectScope(d, kind, 'keyword.other.block-kind.mops', { line: new RegExp(`^\\s*${kind}\\b`) });
    }
  });

  test('launch.mops: attribute names and references', () => {
    const d = launch();
    expectScope(d, 'context', 'variable.other.property.mops', { line: 'context  = acme' });
    expectScope(d, '=', 'keyword.operator.assignment.mops', { line: 'context  = acme' });
    expectScope(d, 'acme', 'variable.other.reference.mops', { line: 'context  = acme' });
    expectScope(d, 'mid-market-ops', 'variable.other.reference.mops');
    expectScope(d, 'duration', 'variable.other.property.mops', { line: 'step brief' });
    expectScope(d, 'ad-copy', 'variable.other.reference.mops', { line: 'after    = [ad-copy, page]' });
    expectScope(d, '[', 'punctuation.section.list.begin.mops', { line: 'after    = [ad-copy, page]' });
    expectScope(d, ',', 'punctuation.separator.comma.mops', { line: 'after    = [ad-copy, page]' });
    expectScope(d, 'mql', 'variable.other.property.mops', { line: 'goals {' });
  });

  test('launch.mops: money, dates, durations', () => {
    const d = launch();
    expectScope(d, '40000 USD', 'constant.numeric.money.mops');
    expectSomeScope(d, '40000 USD', 'constant.other.currency.mops');
    expectScope(d, '500000 USD', 'constant.numeric.money.mops');
    expectScope(d, '2026-03-02', 'constant.numeric.date.mops');
    expectScope(d, '2026-04-30', 'constant.numeric.date.mops');
    expectScope(d, '2d', 'constant.numeric.duration.mops', { line: 'step brief' });
    expectScope(d, '21d', 'constant.numeric.duration.mops');
    expectScope(d, '0d', 'constant.numeric.duration.mops', { line: 'day-0' });
    expectScope(d, '90d', 'constant.numeric.duration.mops');
  });

  test('launch.mops: strings', () => {
    const d = launch();
    expectScope(d, '"dana@acme.io"', 'string.quoted.double.mops');
    expectScope(d, '"', 'punctuation.definition.string.begin.mops', { line: 'dana@acme.io' });
    expectScope(d, '"https://acme.io/insights"', 'string.quoted.double.mops');
    expectScope(d, '"Your first dashboard in 5 minutes"', 'string.quoted.double.mops');
    expectNoScope(d, '5', 'constant.numeric', { line: 'Your first dashboard' });
    expectScope(d, 'dashboard', 'string.quoted.double.mops', { line: 'Your first dashboard', exact: false });
  });

  test('launch.mops: ranges and signed integers', () => {
    const d = launch();
    expectScope(d, '76..', 'constant.numeric');
    expectScope(d, '76..', 'constant.numeric.range.mops');
    expectScope(d, '0..25', 'constant.numeric.range.mops');
    expectScope(d, '26..50', 'constant.numeric.range.mops');
    expectScope(d, '+20', 'constant.numeric.mops', { line: 'icp-title' });
    expectScope(d, '-30', 'constant.numeric.mops', { line: 'student' });
    expectScope(d, '250', 'constant.numeric.mops');
  });

  // --- other examples

  test('stack.mops: rates, percents, unknown-free tool headers', () => {
    const s9 = doc('examples/section9/stack.mops');
    expectScope(s9, '36000 USD/yr', 'constant.numeric.money.mops');
    expectSomeScope(s9, '36000 USD/yr', 'keyword.other.unit.mops');
    expectScope(s9, '18000 USD/yr', 'constant.numeric.money.mops');
    expectScope(s9, 'tool', 'keyword.other.block-kind.mops', { line: 'tool hubspot' });
    expectScope(s9, 'hubspot', 'entity.name.section.mops', { line: 'tool hubspot' });
    expectScope(s9, 'marketing-automation', 'entity.name.type.mops');
    expectScope(s9, 'evaluating', 'variable.other.reference.mops');
    // score { problem = 2 ... } on one line
    expectScope(s9, 'score', 'keyword.other.block-kind.mops');
    expectScope(s9, 'time-to-value', 'variable.other.property.mops');
    const stack = doc('examples/stack.mops');
    expectScope(stack, '88%', 'constant.numeric.percent.mops');
    const attr = doc('examples/attribution.mops');
    expectScope(attr, '40%', 'constant.numeric.percent.mops', { line: 'first' });
    expectScope(doc('examples/context.mops'), '100..2000', 'constant.numeric.range.mops');
    expectScope(doc('examples/context.mops'), '"developer tools"', 'string.quoted.double.mops');
  });

  test('prelude: headers, multi-line lists, comments', () => {
    const p = doc('src/prelude.mops');
    expectScope(p, 'skill', 'keyword.other.block-kind.mops', { line: 'skill copywriting' });
    expectScope(p, 'playbook', 'keyword.other.block-kind.mops', { line: 'playbook product-launch' });
    expectScope(p, 'product-launch', 'entity.name.section.mops', { line: 'playbook product-launch' });
    expectScope(p, 'route', 'keyword.other.block-kind.mops', { line: 'route page-copy' });
    expectScope(p, 'utm-policy', 'keyword.other.block-kind.mops', { line: /^utm-policy/ });
    expectScope(p, 'content-strategy', 'variable.other.reference.mops', { line: /^\s+content-strategy,$/ });
    expectScope(p, 'not', 'variable.other.property.mops', { line: 'not     = copywriting' });
    expectScope(p, '# ---------------------------------------------------------------- skills', 'comment.line.number-sign.mops');
    // `override = true` inside a comment is comment text, not a boolean
    expectNoScope(p, 'true', 'constant.language.boolean.mops', { line: 'override = true' });
  });

  test('booleans (in the files where present, and in a snippet)', () => {
    let found = 0;
    for (const [, d] of docs) {
      d.tokens.forEach((t) => {
        if ((t.text === 'true' || t.text === 'false') && !hasScope(t, 'comment') && !hasScope(t, 'string')) {
          assert.ok(hasScope(t, 'constant.language.boolean.mops'), show(t));
          found++;
        }
      });
    }
    const s = snippet('skill paid-ads: channel {\n  override = true\n  x = false\n  y = true-north\n}\n');
    expectScope(s, 'true', 'constant.language.boolean.mops', { line: 'override' });
    expectScope(s, 'false', 'constant.language.boolean.mops');
    expectScope(s, 'true-north', 'variable.other.reference.mops');
    return found;
  });

  test('snippet: suppression comments with rule codes', () => {
    const s = snippet([
      '# mops: allow(STK001, CMP005) owner is set by the agency',
      'tool x: crm { owner = "a" } # mops: allow(STK010) no cost yet',
      '# an ordinary comment mentioning allow(STK001)',
    ].join('\n'));
    expectScope(s, '# mops: allow(STK001, CMP005) owner is set by the agency', 'comment.line.number-sign.mops');
    expectScope(s, 'STK001', 'constant.other.rule-code.mops', { line: /^# mops/ });
    expectScope(s, 'CMP005', 'constant.other.rule-code.mops');
    expectScope(s, 'mops', 'keyword.other.directive.mops', { line: /^# mops/ });
    expectScope(s, 'STK010', 'constant.other.rule-code.mops');
    expectScope(s, 'STK010', 'comment.line.number-sign.mops');
    expectScope(s, 'no cost yet', 'comment.line.number-sign.mops', { exact: false });
    expectNoScope(s, 'no cost yet', 'constant.other.rule-code.mops');
    expectScope(s, 'tool', 'keyword.other.block-kind.mops');
    expectNoScope(s, 'STK001', 'constant.other.rule-code.mops', { line: 'ordinary' });
  });

  test('snippet: strings with escapes, text blocks', () => {
    const s = snippet([
      'context acme {',
      '  product = "a \\"b\\" \\\\ \\n \\t \\u{1F600} done"',
      '  bad = "\\q"',
      '  positioning = """',
      '    Self-serve analytics, 40% faster, "quoted" and # not a comment',
      '    """',
      '  voice = "plain" # trailing comment',
      '}',
    ].join('\n'));
    expectScope(s, '"a \\"b\\" \\\\ \\n \\t \\u{1F600} done"', 'string.quoted.double.mops');
    expectScope(s, '\\"', 'constant.character.escape.mops', { line: 'product' });
    expectScope(s, '\\\\', 'constant.character.escape.mops', { line: 'product' });
    expectScope(s, '\\n', 'constant.character.escape.mops', { line: 'product' });
    expectScope(s, '\\t', 'constant.character.escape.mops', { line: 'product' });
    expectScope(s, '\\u{1F600}', 'constant.character.escape.mops');
    expectScope(s, '\\q', 'invalid.illegal');
    expectScope(s, '"""', 'string.quoted.triple.mops', { line: 'positioning' });
    expectScope(s, 'Self-serve analytics, 40% faster, "quoted" and # not a comment', 'string.quoted.triple.mops', { exact: false });
    expectNoScope(s, '40%', 'constant.numeric', { line: 'Self-serve' });
    expectNoScope(s, '# not a comment', 'comment');
    expectScope(s, '"""', 'string.quoted.triple.mops', { line: /^\s+"""$/ });
    expectScope(s, 'voice', 'variable.other.property.mops');
    expectScope(s, '# trailing comment', 'comment.line.number-sign.mops');
  });

  test('snippet: unknown kinds, inline nested blocks, headers without a brace, units', () => {
    const s = snippet([
      'widget foo: bar { a = 1 }',
      'campaign c: product-launch { goals { mql = 5 } step sx: copywriting { duration = 12h } }',
      'tool late: crm',
      '{',
      '  cost = 1_500.50 EUR/mo',
      '  n = 1_000',
      '  r = 3.5',
      '  w = 2w',
      '  bad = 4x',
      '  audience = mid-market-ops  goals { mql = 1 }',
      '}',
    ].join('\n'));
    expectScope(s, 'widget', 'storage.type.block.mops');
    expectNoScope(s, 'widget', 'keyword.other.block-kind.mops');
    expectScope(s, 'foo', 'entity.name.section.mops');
    expectScope(s, 'bar', 'entity.name.type.mops');
    expectScope(s, 'goals', 'keyword.other.block-kind.mops', { line: 'campaign c' });
    expectScope(s, 'step', 'keyword.other.block-kind.mops', { line: 'campaign c' });
    expectScope(s, 'sx', 'entity.name.section.mops');
    expectScope(s, 'copywriting', 'entity.name.type.mops', { line: 'campaign c' });
    expectScope(s, 'mql', 'variable.other.property.mops', { line: 'campaign c' });
    expectScope(s, '12h', 'constant.numeric.duration.mops');
    expectScope(s, 'tool', 'keyword.other.block-kind.mops', { line: 'tool late' });
    expectScope(s, 'late', 'entity.name.section.mops');
    expectScope(s, '1_500.50 EUR/mo', 'constant.numeric.money.mops');
    expectScope(s, '1_000', 'constant.numeric.mops');
    expectScope(s, '3.5', 'constant.numeric.mops');
    expectScope(s, '2w', 'constant.numeric.duration.mops');
    expectScope(s, 'x', 'invalid.illegal.unknown-unit.mops', { line: '4x' });
    expectScope(s, 'mid-market-ops', 'variable.other.reference.mops', { line: 'audience' });
  });

  // ------------------------------------------------------------------ run

  let passed = 0;
  let failed = 0;
  for (const { name, fn } of tests) {
    try {
      await fn();
      passed++;
      console.log(`ok - ${name}`);
    } catch (err) {
      failed++;
      console.log(`FAIL - ${name}\n    ${String(err && err.message ? err.message : err).split('\n').join('\n    ')}`);
    }
  }
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed === 0 ? 0 : 1;
}

main().catch((err) => {
  console.error(err);
  process.exitCode = 1;
});
