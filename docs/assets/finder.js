/* The level finder in the browser: a port of macros/conditions.py `evaluate`, proven equal by the
   shared vectors (tests/finder/vectors.json) and a hypothesis property test run in Chromium.
   Data comes from assets/finder-data.js, written at build time from the playbook; nothing is fetched.
   Every data string reaches the page through textContent or a checked href, never innerHTML. */
(function () {
  "use strict";

  var MINUTES = { minutes: 1, hours: 60, days: 1440, weeks: 10080 };
  var SAFE_LINK = /^(https:\/\/|mailto:|tel:\+?[0-9]|slack:\/\/|msteams:)[^\s"'<>()\\]+$/;

  // ------------------------------------------------------------------ the reference semantics
  function isEmpty(v) { return v === null || v === undefined; }

  function evaluate(cond, ticket) {
    if (Object.prototype.hasOwnProperty.call(cond, "all")) {
      return cond.all.every(function (c) { return evaluate(c, ticket); });
    }
    if (Object.prototype.hasOwnProperty.call(cond, "any")) {
      return cond.any.some(function (c) { return evaluate(c, ticket); });
    }
    if (Object.prototype.hasOwnProperty.call(cond, "not")) { return !evaluate(cond.not, ticket); }
    var actual = Object.prototype.hasOwnProperty.call(ticket, cond.field) ? ticket[cond.field] : null;
    var op = cond.op, expected = cond.value;
    if (op === "absent") { return isEmpty(actual); }
    if (isEmpty(actual)) { return false; }
    switch (op) {
      case "present": return true;
      case "one_of": return expected.some(function (m) { return m === actual; });
      case "not_one_of": return !expected.some(function (m) { return m === actual; });
      case "is": return actual === expected;
      case "is_not": return actual !== expected;
      case "above": return actual > expected;
      case "at_least": return actual >= expected;
      case "below": return actual < expected;
      case "at_most": return actual <= expected;
    }
    throw new Error("unknown operator " + op);
  }

  /* The highest level met and every criterion met ('level/criterion', data order). */
  function find(data, ticket) {
    var criteria = [], best = null, bestRank = -Infinity;
    data.levels.forEach(function (level) {
      level.criteria.forEach(function (c) {
        if (evaluate(c.condition, ticket)) {
          criteria.push(level.id + "/" + c.id);
          if (level.rank > bestRank) { best = level.id; bestRank = level.rank; }
        }
      });
    });
    return { level: best, criteria: criteria };
  }

  /* The case's owner: the one owner every met criterion of the level claims, else the level's owner,
     with the sentence of every escalation type naming another owner. Port of macros.governing.choose_owner. */
  function chooseOwner(data, level, criteria) {
    var own = data.owners[level], owners = [], reasons = [];
    criteria.forEach(function (key) {
      var parts = key.split("/");
      if (parts[0] !== level) { return; }
      var claims = own.claims[parts.slice(1).join("/")] || [{ role: own.owner, why: null }];
      claims.forEach(function (claim) {
        if (owners.indexOf(claim.role) < 0) { owners.push(claim.role); }
        if (claim.why && reasons.indexOf(claim.why) < 0) { reasons.push(claim.why); }
      });
    });
    return { role: owners.length === 1 ? owners[0] : own.owner, why: reasons };
  }

  /* Who to page: the primaries, then the backups, of the escalation types whose criteria the case
     meets, each rotation once; else the level's fallback. Port of macros.finder.find.who_to_page. */
  function whoToPage(data, level, criteria) {
    var ids = criteria.map(function (key) { return key.split("/").slice(1).join("/"); });
    var pairs = data.paging.types.filter(function (kind) {
      return kind.criteria.some(function (c) { return ids.indexOf(c) >= 0; });
    }).map(function (kind) { return kind.pages; });
    var pages = [], seen = [];
    [0, 1].forEach(function (position) {
      pairs.forEach(function (pair) {
        var entry = pair[position];
        if (entry && seen.indexOf(entry.rotation) < 0) { seen.push(entry.rotation); pages.push(entry); }
      });
    });
    if (pages.length) { return { by: "criteria", basis: data.paging.basis, pages: pages }; }
    return data.paging.fallback[level];
  }

  /* Everything the result shows for a level met; the same keys as `playbook level --format json`. */
  function nextSteps(data, found, ticket) {
    var owner = chooseOwner(data, found.level, found.criteria);
    var page = whoToPage(data, found.level, found.criteria);
    var priority = ticket[data.priority_field];
    var targets = data.targets[found.level][typeof priority === "string" && data.targets[found.level][priority] ? priority : ""];
    return {
      owner: data.roles[owner.role], owner_why: owner.why,
      page: page.pages, page_by: page.by, page_basis: page.basis,
      acknowledge_within_minutes: targets.acknowledge_within_minutes, acknowledge_within: targets.acknowledge_within,
      acknowledge_why: targets.acknowledge_why, engage_sme_within: targets.engage_sme_within,
      engage_sme_why: targets.engage_sme_why
    };
  }

  // ------------------------------------------------------------------ reading the form
  function readField(form, field) {
    var input = form.elements.namedItem(field.id);
    if (!input) { return { value: null, ok: true }; }
    var raw = String(input.value || "").trim();
    if (raw === "") { return { value: null, ok: true }; }
    var n;
    switch (field.type) {
      case "enum": return { value: field.values.indexOf(raw) >= 0 ? raw : null, ok: field.values.indexOf(raw) >= 0 };
      case "boolean": return raw === "true" || raw === "false" ? { value: raw === "true", ok: true } : { value: null, ok: false };
      case "string": return { value: raw, ok: true };
      case "integer":
        n = Number(raw);
        return Number.isInteger(n) ? { value: n, ok: true } : { value: null, ok: false };
      case "number": case "money": case "percent":
        n = Number(raw);
        return isFinite(n) ? { value: n, ok: true } : { value: null, ok: false };
      case "duration":
        n = Number(raw);
        var unit = form.elements.namedItem(field.id + "__unit");
        var per = MINUTES[unit ? unit.value : "minutes"] || 1;
        return isFinite(n) && n >= 0 ? { value: n * per, ok: true } : { value: null, ok: false };
      case "timestamp":
        n = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(raw) ? raw : raw + "Z");
        return isFinite(n) ? { value: n, ok: true } : { value: null, ok: false };
    }
    return { value: null, ok: false };
  }

  function readTicket(form, data) {
    var ticket = {};
    data.fields.forEach(function (field) {
      var read = readField(form, field);
      var input = form.elements.namedItem(field.id);
      if (input && input.setAttribute) {
        if (read.ok) { input.removeAttribute("aria-invalid"); } else { input.setAttribute("aria-invalid", "true"); }
      }
      ticket[field.id] = read.value;
    });
    return ticket;
  }

  // ------------------------------------------------------------------ showing the answer
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    (children || []).forEach(function (c) {
      node.appendChild(typeof c === "string" ? document.createTextNode(c) : c);
    });
    return node;
  }

  function link(href, label) {
    return SAFE_LINK.test(href || "") || /^\.\.\//.test(href || "") ? el("a", { href: href }, [label]) : el("span", {}, [label]);
  }

  var CONTACT_WORDS = { paging: "Page", chat: "Chat", bridge: "Bridge", email: "E-mail" };

  function contactList(contact) {
    var parts = [];
    Object.keys(CONTACT_WORDS).forEach(function (kind) {
      if (!contact || !contact[kind]) { return; }
      var point = contact[kind];
      parts.push(el("span", { "class": "pb-contact" },
        [CONTACT_WORDS[kind] + ": ", point.link ? link(point.link, point.name) : el("span", {}, [point.name])]));
    });
    var out = el("span", {}, []);
    parts.forEach(function (p, i) { if (i) { out.appendChild(document.createTextNode(" · ")); } out.appendChild(p); });
    return out;
  }

  function copyText(text, button) {
    function done(ok) {
      var was = button.getAttribute("data-label");
      button.textContent = ok ? "Copied" : "Select and copy by hand";
      setTimeout(function () { button.textContent = was; }, 1500);
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(function () { done(true); }, function () { done(false); });
      return;
    }
    var area = el("textarea", { "aria-hidden": "true" }, [text]);
    area.style.position = "fixed"; area.style.opacity = "0";
    document.body.appendChild(area); area.select();
    var ok = false;
    try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
    document.body.removeChild(area); done(ok);
  }

  function copyButton(label, text) {
    var button = el("button", { type: "button", "class": "pb-copy md-button", "data-label": label }, [label]);
    button.addEventListener("click", function () { copyText(text, button); });
    return button;
  }

  function row(term, detail) { return [el("dt", {}, [term]), el("dd", {}, [detail])]; }

  /* A value and, under it, the short lines saying which answer governs where the data gives two. */
  function withWhy(value, reasons) {
    var box = el("div", {}, [value]);
    reasons.forEach(function (reason) { box.appendChild(el("p", { "class": "pb-why" }, ["Why: " + reason])); });
    return box;
  }

  function render(result, data, found, ticket) {
    result.setAttribute("data-level", found.level || "");
    result.setAttribute("data-criteria", found.criteria.join(" "));
    ["data-owner", "data-page", "data-acknowledge-minutes"].forEach(function (name) { result.setAttribute(name, ""); });
    result.textContent = "";
    var sentences = {}, ranks = {};
    data.levels.forEach(function (l) {
      ranks[l.id] = l.rank;
      l.criteria.forEach(function (c) { sentences[l.id + "/" + c.id] = c.text; });
    });
    if (!found.level) {
      result.appendChild(el("h2", {}, ["No escalation level"]));
      result.appendChild(el("p", {}, [data.no_level]));
    } else {
      var steps = data.steps[found.level], pages = data.pages[found.level];
      result.appendChild(el("h2", {}, [link("../" + pages.level, steps.title)]));
      result.appendChild(el("p", {}, [steps.summary]));
      result.appendChild(el("h3", {}, ["Why: criteria met"]));
      result.appendChild(el("ul", { "class": "pb-criteria-met" }, found.criteria.map(function (key) {
        return el("li", { "data-criterion": key }, ["Level " + ranks[key.split("/")[0]] + ": " + sentences[key]]);
      })));
      result.appendChild(el("h3", {}, ["Do this now"]));
      var next = nextSteps(data, found, ticket);
      result.setAttribute("data-owner", next.owner.role);
      result.setAttribute("data-page", next.page.map(function (p) { return p.rotation; }).join(" "));
      result.setAttribute("data-acknowledge-minutes", String(next.acknowledge_within_minutes));
      var dl = el("dl", { "class": "pb-finder-steps" }, []);
      var owner = el("span", {}, [link("../" + next.owner.link, next.owner.name)]);
      if (Object.keys(next.owner.contact).length) { owner.appendChild(document.createTextNode(" · ")); owner.appendChild(contactList(next.owner.contact)); }
      row("Owner", withWhy(owner, next.owner_why)).forEach(function (n) { dl.appendChild(n); });
      var list = el("ul", {}, next.page.map(function (p) {
        var item = el("li", { "data-rotation": p.rotation }, [el("strong", {}, [p.name]), " (" + p.why + ")"]);
        if (Object.keys(p.contact).length) { item.appendChild(document.createTextNode(": ")); item.appendChild(contactList(p.contact)); }
        return item;
      }));
      var paging = el("div", {}, [el("p", { "class": "pb-why", "data-page-by": next.page_by }, ["Chosen " + next.page_basis + "."])]);
      if (next.page.length) { paging.appendChild(list); }
      row("Page", paging).forEach(function (n) { dl.appendChild(n); });
      row("Acknowledge within", withWhy(el("span", {}, [next.acknowledge_within]), next.acknowledge_why)).forEach(function (n) { dl.appendChild(n); });
      row(data.specialist_label, withWhy(el("span", {}, [next.engage_sme_within]), next.engage_sme_why)).forEach(function (n) { dl.appendChild(n); });
      row("Internal update every", steps.internal_update_every).forEach(function (n) { dl.appendChild(n); });
      var cadence = data.cadences[String(ticket[data.priority_field]) + "/" + String(ticket[data.tier_field])];
      row("Customer update every", cadence ? cadence.every + " (" + cadence.label + ")"
        : "set the priority and tier to see the cadence").forEach(function (n) { dl.appendChild(n); });
      result.appendChild(dl);
      result.appendChild(el("h3", {}, ["Send first (" + steps.first_phase + ")"]));
      steps.templates.forEach(function (t) {
        var box = el("div", { "class": "pb-finder-template", "data-template": t.id }, [
          el("h4", {}, [link("../" + pages.templates[t.id], t.name)]),
          copyButton("Copy template", t.body),
          el("pre", {}, [el("code", {}, [t.body])])]);
        result.appendChild(box);
      });
    }
    if (data.when_unsure) {
      result.appendChild(el("p", { "class": "pb-unsure" }, [el("strong", {}, ["When unsure: "]), data.when_unsure]));
    }
    var jump = document.getElementById("finder-jump");
    if (jump) {
      jump.textContent = found.level ? data.steps[found.level].title + ": see who owns it, who to page, what to send"
        : "No escalation level is met: see why";
    }
    var share = el("p", { "class": "pb-share" }, [copyButton("Copy link to this answer", window.location.href)]);
    result.appendChild(share);
  }

  // ------------------------------------------------------------------ URL state
  function toQuery(form, data) {
    var params = new URLSearchParams();
    data.fields.forEach(function (field) {
      var input = form.elements.namedItem(field.id);
      if (!input || String(input.value).trim() === "") { return; }
      params.set(field.id, String(input.value).trim());
      var unit = form.elements.namedItem(field.id + "__unit");
      if (unit && unit.value !== "minutes") { params.set(field.id + "__unit", unit.value); }
    });
    return params.toString();
  }

  function fromQuery(form, query) {
    new URLSearchParams(query).forEach(function (value, key) {
      var input = form.elements.namedItem(key);
      if (input && "value" in input) { input.value = value; }
    });
  }

  function update(form, result, data) {
    var started = performance.now();
    var ticket = readTicket(form, data);
    var found = find(data, ticket);
    var query = toQuery(form, data);
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    try { history.replaceState(null, "", url); } catch (e) { /* file:// may refuse; the answer still shows */ }
    render(result, data, found, ticket);
    api.lastMs = performance.now() - started;
    return found;
  }

  var api = { evaluate: evaluate, find: find, nextSteps: nextSteps, readTicket: readTicket, lastMs: null };
  window.PlaybookFinder = api;

  function start() {
    var form = document.getElementById("finder-form");
    var result = document.getElementById("finder-result");
    var data = window.PLAYBOOK_FINDER_DATA;
    if (!form || !result || !data) { return; }
    api.data = data;
    api.update = function () { return update(form, result, data); };
    fromQuery(form, window.location.search);
    form.addEventListener("input", api.update);
    form.addEventListener("change", api.update);
    form.addEventListener("reset", function () { setTimeout(api.update, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); api.update(); });
    api.update();
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
