/* The message checker page: a port of macros/textnorm.py, macros/checker/phrases.py and
   macros/checker/engine.py, step for step, over the data written at build time
   (assets/checker-data.js: the checker data and the normalisation table). Positions and lengths
   are counted in code points, as Python counts them. Shared vectors (tests/checker/vectors.json)
   prove the two give the same findings. Nothing is sent anywhere. */
(function () {
  'use strict';
  const DATA = window.PLAYBOOK_CHECKER_DATA;
  const TABLE = DATA.textnorm;
  const RULES = ['banned-phrase', 'unfilled-placeholder', 'unknown-placeholder', 'missing-element', 'too-long'];
  const WORD = /^[\p{L}\p{N}_]$/u;
  const PLACEHOLDER = /\{([A-Za-z][A-Za-z0-9_ -]{0,40})\}/g;
  const TIME = new RegExp('(?<![0-9])(?:[01]?[0-9]|2[0-3])[:.h][0-5][0-9](?![0-9])' +
    '|(?<![0-9])(?:1[0-2]|0?[1-9])(?:[:.][0-5][0-9])? ?[ap]\\.?m(?![a-z])' +
    '|(?<![a-z])(?:noon|midnight)(?![a-z])');
  const TRAILING_SPACE = /[\t\n\x0b\x0c\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/u;

  function isWordChar(c) { return WORD.test(c); }

  // textnorm.normalise: per code point, with a map back to the input.
  function normalise(text) {
    const chars = Array.from(text);
    const out = [];
    const origin = [];
    for (let i = 0; i < chars.length; i++) {
      const c = chars[i];
      if (c === '\r' && i < chars.length - 1 && chars[i + 1] === '\n') continue;
      const rep = Object.prototype.hasOwnProperty.call(TABLE, c) ? TABLE[c] : c;
      for (const part of Array.from(rep)) { out.push(part); origin.push(i); }
    }
    return { chars: out, text: out.join(''), origin: origin, length: chars.length };
  }

  function span(norm, start, end) {
    if (start >= end) {
      const at = start < norm.origin.length ? norm.origin[start] : norm.length;
      return [at, at];
    }
    return [norm.origin[start], norm.origin[end - 1] + 1];
  }

  function tokens(chars) {
    const runs = [];
    let start = 0;
    for (let i = 1; i <= chars.length; i++) {
      if (i === chars.length || isWordChar(chars[i]) !== isWordChar(chars[start])) {
        runs.push([start, i, isWordChar(chars[start])]);
        start = i;
      }
    }
    return runs;
  }

  function slice(chars, s, e) { return chars.slice(s, e).join(''); }

  function strip(text, set) {
    let s = 0; let e = text.length;
    while (s < e && set.includes(text[s])) s++;
    while (e > s && set.includes(text[e - 1])) e--;
    return text.slice(s, e);
  }

  function compilePhrase(text, key) {
    const chars = normalise(text).chars;
    const runs = tokens(chars);
    const words = runs.filter((r) => r[2]).map((r) => slice(chars, r[0], r[1]));
    if (!words.length) return null;
    const first = runs.findIndex((r) => r[2]);
    let last = -1;
    runs.forEach((r, i) => { if (r[2]) last = i; });
    const joins = [];
    for (const r of runs.slice(first, last + 1)) {
      if (!r[2]) {
        const sep = slice(chars, r[0], r[1]);
        joins.push(strip(sep, ' \n') === '' ? ' ' : sep);
      }
    }
    return { key: key, words: words, joins: joins };
  }

  function joinMatches(expected, found) {
    if (expected === ' ') { const s = strip(found, ' '); return s === '' || s === '\n'; }
    return found === expected;
  }

  // A trie of words and joins (phrases.PhraseIndex): hits at one position in the phrases' order.
  function Node() { this.ends = []; this.next = new Map(); }

  function PhraseIndex(pairs) {
    this.first = new Map();
    pairs.forEach(([text, key], order) => {
      const phrase = compilePhrase(text, key);
      if (!phrase) return;
      if (!this.first.has(phrase.words[0])) this.first.set(phrase.words[0], new Node());
      let node = this.first.get(phrase.words[0]);
      for (let i = 1; i < phrase.words.length; i++) {
        const k = phrase.joins[i - 1] + '\u0000' + phrase.words[i];
        if (!node.next.has(k)) node.next.set(k, new Node());
        node = node.next.get(k);
      }
      node.ends.push([order, phrase]);
    });
  }

  function walk(chars, runs, index, node, found) {
    for (const [order, phrase] of node.ends) found.push([order, phrase, index]);
    if (!node.next.size || index + 2 >= runs.length) return;
    const sep = runs[index + 1]; const word = runs[index + 2];
    const separator = slice(chars, sep[0], sep[1]); const following = slice(chars, word[0], word[1]);
    const keys = [separator + '\u0000' + following];
    if (separator !== ' ' && joinMatches(' ', separator)) keys.push(' \u0000' + following);
    for (const k of keys) {
      const child = node.next.get(k);
      if (child) walk(chars, runs, index + 2, child, found);
    }
  }

  PhraseIndex.prototype.find = function (norm) {
    const chars = norm.chars;
    const runs = tokens(chars);
    const hits = [];
    runs.forEach((run, index) => {
      const node = run[2] ? this.first.get(slice(chars, run[0], run[1])) : undefined;
      if (!node) return;
      const found = [];
      walk(chars, runs, index, node, found);
      found.sort((a, b) => a[0] - b[0]);
      for (const [, phrase, last] of found) {
        const [s, e] = span(norm, run[0], runs[last][1]);
        hits.push({ key: phrase.key, start: s, end: e, nstart: run[0], nend: runs[last][1] });
      }
    });
    return hits;
  };

  function lineColumn(chars, index) {
    let line = 1; let start = 0;
    for (let i = 0; i < index && i < chars.length; i++) if (chars[i] === '\n') { line++; start = i + 1; }
    return [line, index - start + 1];
  }

  function followedBy(norm, hit, then) {
    if (!then) return true;
    const chars = norm.chars;
    let end = chars.indexOf('\n', hit.nend);
    let rest = end < 0 ? slice(chars, hit.nend) : slice(chars, hit.nend, end);
    if (then === 'text') return rest.includes('{') || Array.from(rest).some(isWordChar);
    if (end >= 0) {
      const following = chars.indexOf('\n', end + 1);
      rest += '\n' + (following < 0 ? slice(chars, end + 1) : slice(chars, end + 1, following));
    }
    return rest.includes('{') || TIME.test(rest);
  }

  function Checker(data) {
    this.data = data;
    this.banned = new PhraseIndex(data.banned.map((b) => [b.text, b]));
    this.cues = new PhraseIndex([].concat(...data.elements.map((e) => e.cues.map((c) => [c.words, [e, c]]))));
    this.templates = new Map(data.templates.map((t) => [t.id, t]));
    this.channels = new Map(data.channels.map((c) => [c.id, c]));
  }

  Checker.prototype.check = function (text, templateId, channelId) {
    const template = templateId ? this.templates.get(templateId) : null;
    if (templateId && !template) throw new Error('unknown template ' + templateId);
    const channel = this.channels.get(channelId || (template ? template.channel : '')) || null;
    const source = Array.from(text);
    const norm = normalise(text);
    const at = (index, end, rule, shown, suggestion) => {
      const [line, column] = lineColumn(source, index);
      return { rule: rule, line: line, column: column, text: shown, suggestion: suggestion, start: index, end: end };
    };
    const findings = [];
    for (const hit of this.banned.find(norm)) {
      findings.push(at(hit.start, hit.end, 'banned-phrase', source.slice(hit.start, hit.end).join(''),
        'say instead: ' + hit.key.instead));
    }
    const declared = new Map();
    for (const t of template ? [template] : this.data.templates) {
      for (const p of t.placeholders) if (!declared.has(p.id)) declared.set(p.id, p.description);
    }
    for (const m of text.matchAll(PLACEHOLDER)) {
      const name = m[1].trim();
      const start = Array.from(text.slice(0, m.index)).length;
      const end = start + Array.from(m[0]).length;
      if (declared.has(name)) {
        findings.push(at(start, end, 'unfilled-placeholder', m[0], 'replace it with: ' + declared.get(name)));
      } else {
        const known = Array.from(declared.keys()).map((p) => '{' + p + '}').join(', ');
        const where = template ? "the template '" + template.id + "' has no" : 'no template has a';
        findings.push(at(start, end, 'unknown-placeholder', m[0], where + ' placeholder {' + name +
          '}; write the text it stands for' + (template ? ' (its placeholders are ' + known + ')' : '')));
      }
    }
    const wanted = template ? template.elements : this.data.elements.map((e) => e.id);
    const present = new Set();
    for (const hit of this.cues.find(norm)) {
      const [element, cue] = hit.key;
      if (hit.nstart && norm.chars[hit.nstart - 1] === '{') continue;
      if (followedBy(norm, hit, cue.then)) present.add(element.id);
    }
    for (const e of this.data.elements) {
      if (wanted.includes(e.id) && !present.has(e.id)) {
        findings.push({ rule: 'missing-element', line: 1, column: 1, text: e.name,
          suggestion: 'add ' + e.name + ': ' + e.guidance, start: null, end: null });
      }
    }
    const limit = channel && channel.max_characters;
    const body = Array.from(text.replace(TRAILING_SPACE, ''));
    if (limit && body.length > limit) {
      findings.push(at(limit, body.length, 'too-long', body.slice(limit, limit + 40).join(''),
        channel.name + ' messages are at most ' + limit + ' characters and this one has ' + body.length +
        '; cut ' + (body.length - limit)));
    }
    const order = (f) => [f.line, f.column, RULES.indexOf(f.rule)];
    return findings.sort((a, b) => {
      const x = order(a); const y = order(b);
      for (let i = 0; i < 3; i++) if (x[i] !== y[i]) return x[i] - y[i];
      return 0;
    });
  };

  // --- the page ---------------------------------------------------------------------------
  const checker = new Checker(DATA.checker);

  function escapeHtml(s) {
    return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }

  function visible(s) {
    return Array.from(s).map((c) => (/^[\p{Cf}\p{Cc}\p{Zl}\p{Zp}]$/u.test(c) && c !== '\t'
      ? '<U+' + c.codePointAt(0).toString(16).toUpperCase().padStart(4, '0') + '>' : c)).join('');
  }

  function highlight(text, findings) {
    const chars = Array.from(text);
    const marks = findings.filter((f) => f.start !== null && f.end > f.start)
      .sort((a, b) => a.start - b.start);
    let html = ''; let at = 0;
    for (const f of marks) {
      if (f.start < at) continue;
      html += escapeHtml(chars.slice(at, f.start).join(''));
      html += '<mark data-rule="' + f.rule + '">' + escapeHtml(chars.slice(f.start, f.end).join('')) + '</mark>';
      at = f.end;
    }
    return html + escapeHtml(chars.slice(at).join('')) + '\n';
  }

  function update() {
    const message = document.getElementById('message');
    const list = document.getElementById('checker-findings');
    if (!message || !list) return [];
    const template = document.getElementById('checker-template').value || null;
    const channel = document.getElementById('checker-channel').value || null;
    const findings = checker.check(message.value, template, channel);
    list.innerHTML = findings.map((f) => '<li data-rule="' + f.rule + '" data-line="' + f.line +
      '" data-column="' + f.column + '"><code>' + f.line + ':' + f.column + '</code> <strong>' + f.rule +
      '</strong> <q>' + escapeHtml(visible(f.text)) + '</q> ' + escapeHtml(f.suggestion) + '</li>').join('');
    const status = document.getElementById('checker-status');
    if (status) {
      status.textContent = message.value.trim() === '' ? '' : findings.length
        ? findings.length + ' finding(s)' : 'No findings: the draft follows the policy.';
    }
    const backdrop = document.getElementById('checker-highlights');
    if (backdrop) {
      backdrop.innerHTML = highlight(message.value, findings);
      backdrop.scrollTop = message.scrollTop;
    }
    return findings;
  }

  function start() {
    const message = document.getElementById('message');
    if (!message) return;
    const picker = document.getElementById('checker-template');
    const wanted = new URLSearchParams(window.location.search).get('template');
    if (wanted && checker.templates.has(wanted)) {
      picker.value = wanted;
      if (!message.value) message.value = checker.templates.get(wanted).body;
    }
    message.addEventListener('input', update);
    message.addEventListener('scroll', () => {
      document.getElementById('checker-highlights').scrollTop = message.scrollTop;
    });
    picker.addEventListener('change', update);
    document.getElementById('checker-channel').addEventListener('change', update);
    const load = document.getElementById('checker-load');
    if (load) {
      load.addEventListener('click', () => {
        const t = checker.templates.get(picker.value);
        if (t) { message.value = t.body; update(); }
      });
    }
    update();
  }

  window.PlaybookChecker = { normalise: normalise, Checker: Checker, checker: checker, update: update,
    check: (text, template, channel) => checker.check(text, template || null, channel || null)
      .map((f) => ({ rule: f.rule, line: f.line, column: f.column, text: f.text, suggestion: f.suggestion })) };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
}());
