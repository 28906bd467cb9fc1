/* The escalation timeline page: a port of macros/hours.py and macros/timeline/engine.py over the
   data written at build time (assets/timeline-data.js: the engine's data and the UTC offset changes
   of every time zone it names, from Python's zone database). Golden cases run in Chromium prove the
   page lists the same events as `playbook timeline`. Nothing is sent anywhere. */
(function () {
  'use strict';
  const ALL = window.PLAYBOOK_TIMELINE_DATA;
  const DATA = ALL.data;
  const ZONES = ALL.zones;
  const MIN = 60000;
  const DAY = 1440 * MIN;
  const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];
  const KINDS = ['start', 'page', 'acknowledge', 'engage-sme', 'customer-update', 'internal-update',
    'service-recovery', 'daily-summary', 'resolved', 'review'];
  const MINUTES = { minutes: 1, hours: 60, days: 1440, business_days: 1440, weeks: 10080 };
  const WORDS = { minutes: ['minute', 'minutes'], hours: ['hour', 'hours'], days: ['day', 'days'],
    business_days: ['business day', 'business days'], weeks: ['week', 'weeks'] };
  const MAX_SPAN_DAYS = 90;

  function TimelineError(message) { this.message = message; }

  // --- time zones from the exported offset changes ------------------------------------------
  function zoneTable(name) {
    const table = ZONES[name];
    if (!table) throw new TimelineError("unknown time zone '" + name + "'");
    return table;
  }
  function offsetAt(name, utc) {  // binary search: the last change at or before utc
    const t = zoneTable(name);
    let low = 0; let high = t.changes.length;
    while (low < high) { const mid = (low + high) >> 1; if (t.changes[mid][0] <= utc) low = mid + 1; else high = mid; }
    return low ? t.changes[low - 1][2] : t.initial;
  }
  // A local wall-clock moment as UTC ms; in a gap or overlap the offset before the change counts
  // (Python's fold=0): a change takes effect at the later of its two wall-clock readings.
  function localToUtc(name, y, m, d, minutes) {
    const wall = Date.UTC(y, m - 1, d) + minutes * MIN;
    const t = zoneTable(name);
    let offset = t.initial;
    for (const [at, before, after] of t.changes) {
      if (at + Math.max(before, after) * MIN <= wall) offset = after; else break;
    }
    return wall - offset * MIN;
  }
  function localDay(name, utc) {  // {y, m, d} of the local date, as a UTC-midnight ms for arithmetic
    const shifted = new Date(utc + offsetAt(name, utc) * MIN);
    return Date.UTC(shifted.getUTCFullYear(), shifted.getUTCMonth(), shifted.getUTCDate());
  }
  function dayParts(dayMs) { const x = new Date(dayMs); return [x.getUTCFullYear(), x.getUTCMonth() + 1, x.getUTCDate()]; }
  function isoDate(dayMs) { return new Date(dayMs).toISOString().slice(0, 10); }
  function weekday(dayMs) { return (new Date(dayMs).getUTCDay() + 6) % 7; }

  // --- staffed hours (macros/hours.py) ---------------------------------------------------------
  function Hours(coverage, always, days, start, end, zoneName, holidays) {
    Object.assign(this, { coverage, always, days, start, end, zoneName, holidays });
  }
  Hours.prototype.isBusinessDay = function (dayMs) {
    return this.always || (this.days.has(weekday(dayMs)) && !this.holidays.has(isoDate(dayMs)));
  };
  Hours.prototype.window = function (dayMs) {
    const [y, m, d] = dayParts(dayMs);
    if (this.always) {
      const [y2, m2, d2] = dayParts(dayMs + DAY);
      return [localToUtc(this.zoneName, y, m, d, 0), localToUtc(this.zoneName, y2, m2, d2, 0)];
    }
    if (!this.isBusinessDay(dayMs)) return null;
    return [localToUtc(this.zoneName, y, m, d, this.start), localToUtc(this.zoneName, y, m, d, this.end)];
  };
  Hours.prototype.windows = function* (at) {
    const first = localDay(this.zoneName, at) - DAY;
    for (let i = 0; i < 800; i++) {
      const w = this.window(first + i * DAY);
      if (w && w[1] > at) yield w;
    }
    throw new TimelineError("coverage '" + this.coverage + "' staffs no hour in 800 days; check its days");
  };
  Hours.prototype.addStaffed = function (at, minutes) {
    if (this.always) return at + minutes * MIN;
    let left = minutes * MIN;
    for (const [s, e] of this.windows(at)) {
      const begin = Math.max(s, at);
      if (begin + left <= e) return begin + left;
      left -= e - begin;
    }
    return null;
  };
  Hours.prototype.addBusinessDays = function (at, count) {
    if (!this.always) return this.addStaffed(at, count * (this.end - this.start));
    const whole = Math.trunc(count);
    const offset = offsetAt(this.zoneName, at);
    const clock = ((at + offset * MIN) % DAY + DAY) % DAY;
    let day = localDay(this.zoneName, at); let found = 0;
    while (found < whole) { day += DAY; if (this.isBusinessDay(day)) found++; }
    const [y, m, d] = dayParts(day);
    return localToUtc(this.zoneName, y, m, d, clock / MIN) + (count - whole) * DAY;
  };

  function clockMinutes(text) { const [h, m] = text.split(':'); return Number(h) * 60 + Number(m); }
  function regionsOf(org) { return new Map((org.regions || []).map((r) => [r.id, r])); }
  function region(org, id, coverage) {
    const known = regionsOf(org);
    const names = known.size ? Array.from(known.keys()).join(', ') : 'none defined in organisation.yml regions';
    if (id === null || id === undefined || id === '') {
      throw new TimelineError("coverage '" + coverage + "' follows the customer's contracted region; " +
        'name the region (one of ' + names + ')');
    }
    if (!known.has(id)) throw new TimelineError("unknown region '" + id + "'; use one of " + names);
    return known.get(id);
  }
  function tierCoverage(org, tier, priority) {
    for (const t of org.tiers) {
      if (t.id !== tier) continue;
      for (const block of t.coverage) if (block.priorities.includes(priority)) return block.hours;
      throw new TimelineError('tier ' + tier + ' has no coverage hours for priority ' + priority);
    }
    throw new TimelineError("unknown tier '" + tier + "'; use one of " + org.tiers.map((t) => t.id).join(', '));
  }
  function staffedHours(org, coverageId, regionId) {
    const entry = (org.coverage_hours || []).find((c) => c.id === coverageId);
    if (!entry) throw new TimelineError("unknown coverage hours '" + coverageId + "'");
    if (entry.always_staffed) {
      const z = regionId ? region(org, regionId, coverageId).time_zone : (org.time_zone || 'UTC');
      zoneTable(z);
      return new Hours(coverageId, true, new Set(), 0, 1440, z, new Set());
    }
    const z = entry.time_zone.customer_region ? region(org, regionId, coverageId).time_zone : entry.time_zone.fixed;
    zoneTable(z);
    const rule = entry.public_holidays || {};
    let holidays = [];
    if (rule.customer_region) holidays = region(org, regionId, coverageId).public_holidays;
    else if (rule.region) holidays = region(org, rule.region, coverageId).public_holidays;
    return new Hours(coverageId, false, new Set(entry.days.map((d) => WEEKDAYS.indexOf(d))),
      clockMinutes(entry.start), clockMinutes(entry.end), z, new Set(holidays.map((h) => h.date)));
  }

  // --- the engine (macros/timeline/engine.py) -----------------------------------------------
  function unitOf(duration) { const unit = Object.keys(duration)[0]; return [unit, duration[unit]]; }
  function durationMinutes(duration) { const [u, a] = unitOf(duration); return a * MINUTES[u]; }
  function number(v) {  // like Python's f"{v:,}"
    const [whole, fraction] = String(v).split('.');
    return whole.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (fraction ? '.' + fraction : '');
  }
  function durationText(duration) {
    const [u, a] = unitOf(duration);
    return number(a) + ' ' + WORDS[u][a === 1 ? 0 : 1];
  }
  function business(calendar) {
    if (calendar === null) throw new TimelineError('the policy counts business days but organisation.yml names no business_days');
    if (calendar instanceof TimelineError) throw calendar;
    return calendar;
  }
  function after(hours, calendar, at, duration) {
    const [unit, amount] = unitOf(duration);
    if (unit === 'business_days') return business(calendar).addBusinessDays(at, amount);
    return hours.addStaffed(at, durationMinutes(duration));
  }
  function every(hours, calendar, start, end, duration) {
    const out = []; let at = start;
    const [unit, amount] = unitOf(duration);
    const minutes = durationMinutes(duration);
    const step = unit === 'business_days' ? (m) => business(calendar).addBusinessDays(m, amount)
      : (m) => hours.addStaffed(m, minutes);
    for (;;) {
      at = step(at);
      if (at > end || out.length > 5000) return out;
      out.push(at);
    }
  }
  function pick(items, key, value, what) {
    const found = items.find((i) => i[key] === value);
    if (!found) throw new TimelineError('unknown ' + what + " '" + value + "'; use one of " + items.map((i) => i[key]).join(', '));
    return found;
  }
  function zoneFor(regionId) {
    const r = (DATA.organisation.regions || []).find((x) => x.id === regionId);
    return r ? r.time_zone : (DATA.organisation.time_zone || 'UTC');
  }

  // request: {level, priority, tier, start (UTC ms), span (minutes), region, resolved (UTC ms or null)}
  function compute(request) {
    const org = DATA.organisation;
    const level = pick(DATA.levels, 'id', request.level, 'level');
    pick(DATA.priorities, 'id', request.priority, 'priority');
    pick(DATA.tiers, 'id', request.tier, 'tier');
    if (!(request.span > 0) || request.span > MAX_SPAN_DAYS * 1440) {
      throw new TimelineError('--for must be more than 0 and at most ' + MAX_SPAN_DAYS + ' days');
    }
    const start = request.start;
    let end = start + request.span * MIN;
    if (request.resolved !== null && request.resolved !== undefined) {
      if (request.resolved < start) throw new TimelineError('--resolved is before --start; give the time service was restored');
      end = request.resolved;
    }
    const coverage = tierCoverage(org, request.tier, request.priority);
    const hours = staffedHours(org, coverage, request.region || null);
    let calendar = null;
    if (org.business_days) {
      try { calendar = staffedHours(org, org.business_days, request.region || null); } catch (e) {
        if (e instanceof TimelineError) calendar = e; else throw e;
      }
    }
    const local = zoneFor(request.region);
    const src = level.source;
    // the targets and internal-update interval that govern for this priority and tier (resolved at build time)
    const targets = (level.targets || {})[request.priority] || {};
    const acknowledge = targets.acknowledge || level.acknowledge;
    const engageSme = targets.engage_sme || level.engage_sme;
    const internal = (level.internal_updates || {})[request.priority + '|' + request.tier] || level.internal_update;
    const events = [ev(start, 'start', 'Escalation opened: ' + level.name, level.owner, src)];
    events.push(ev(after(hours, calendar, start, acknowledge), 'acknowledge',
      'Acknowledgement due (' + durationText(acknowledge) + ' target)', level.owner, src + '.response.acknowledge'));
    events.push(ev(after(hours, calendar, start, engageSme), 'engage-sme',
      'Subject-matter expert engaged (' + durationText(engageSme) + ' target)', level.queue, src + '.response.engage_sme'));
    let at = start;
    for (const step of DATA.ladder) {
      events.push(ev(at, 'page', 'Page step ' + step.step + ' if nobody has acknowledged; wait ' + durationText(step.wait),
        step.who, step.source));
      at += durationMinutes(step.wait) * MIN;
    }
    const cadence = DATA.cadences.find((c) => c.priority === request.priority && c.tier === request.tier);
    if (cadence && level.update_templates.length) {
      const senders = Array.from(new Set([].concat(...level.update_templates.map((t) => DATA.update_senders[t] || [])))).join(', ');
      const text = durationText(cadence.every);
      every(hours, calendar, start, end, cadence.every).forEach((m, i) => events.push(ev(m, 'customer-update',
        'Customer update ' + (i + 1) + ' due (every ' + text + ')', senders || level.owner, cadence.source)));
    }
    if (internal) {
      const text = durationText(internal);
      every(hours, calendar, start, end, internal).forEach((m, i) => events.push(ev(m, 'internal-update',
        'Internal update ' + (i + 1) + ' due (every ' + text + ')', level.owner, src + '.internal_update')));
    }
    const recovery = DATA.recovery;
    if (recovery.applies_to.includes(request.tier)) {
      for (const rule of recovery.rules) {
        if (rule.priority !== request.priority || !rule.after) continue;
        const crossed = start + durationMinutes(rule.after) * MIN;
        if (crossed > end) continue;
        const offer = rule.credit ? '; offer a ' + rule.credit + ' service credit' : '';
        events.push(ev(crossed, 'service-recovery', rule.when + ' Threshold crossed' + offer + ', approved by ' + rule.approver,
          rule.approver, rule.source));
        if (rule.review_within && request.resolved !== null && request.resolved !== undefined) {
          events.push(ev(after(hours, calendar, end, rule.review_within), 'review', 'Review for ' +
            rule.when.replace(/\.+$/, '') + ' due (within ' + durationText(rule.review_within) + ' of resolution)',
          rule.approver, rule.source + '.review_within'));
        }
      }
    }
    events.push(...summaries(level, calendar, local, start, end));
    if (request.resolved !== null && request.resolved !== undefined) {
      events.push(ev(end, 'resolved', 'Service restored', level.owner, src));
      const review = DATA.review;
      if (review.required_for.includes(level.id)) {
        events.push(ev(after(hours, calendar, end, review.due_within), 'review',
          'Post-escalation review due (within ' + durationText(review.due_within) + ')', review.facilitator, review.source));
      }
    }
    const rank = new Map(KINDS.map((k, i) => [k, i]));
    return events.map((e, i) => [e, i]).sort((a, b) => (a[0].ms - b[0].ms) ||
      (rank.get(a[0].kind) - rank.get(b[0].kind)) || (a[1] - b[1])).map((x) => x[0]);
  }
  function ev(ms, kind, what, who, source) { return { ms, kind, what, who, source }; }

  function summaries(level, calendar, local, start, end) {
    const s = DATA.daily_summary;
    if (!s || !level.templates.includes(s.template) || !s.local_time) return [];
    const clock = clockMinutes(s.local_time);
    const [unit, amount] = unitOf(s.every);
    const isBusiness = unit === 'business_days';
    const step = Math.max(1, Math.trunc(isBusiness ? amount : durationMinutes(s.every) / 1440));
    let day = localDay(local, start) + (s.from_day - 1) * DAY;
    const who = s.senders.join(', ') || level.owner;
    const out = []; let counted = 0;
    for (let i = 0; i <= MAX_SPAN_DAYS; i++) {
      const [y, m, d] = dayParts(day);
      const moment = localToUtc(local, y, m, d, clock);
      if (moment > end) break;
      if (!isBusiness || business(calendar).isBusinessDay(day)) {
        if (counted % step === 0 && moment >= start) {
          out.push(ev(moment, 'daily-summary', s.name + ' due, to ' + s.audience, who, s.source));
        }
        counted++;
      }
      day += DAY;
    }
    return out;
  }

  function pad(n) { return String(n).padStart(2, '0'); }
  function isoLocal(ms, zoneName) {  // like Python's isoformat(): 2026-03-27T16:40:00+00:00
    const offset = offsetAt(zoneName, ms);
    const x = new Date(ms + offset * MIN);
    const sign = offset < 0 ? '-' : '+'; const a = Math.abs(offset);
    const fraction = x.getUTCMilliseconds() ? '.' + String(x.getUTCMilliseconds() * 1000).padStart(6, '0') : '';
    return x.getUTCFullYear() + '-' + pad(x.getUTCMonth() + 1) + '-' + pad(x.getUTCDate()) + 'T' + pad(x.getUTCHours()) +
      ':' + pad(x.getUTCMinutes()) + ':' + pad(x.getUTCSeconds()) + fraction + sign + pad(Math.floor(a / 60)) + ':' + pad(a % 60);
  }
  function asJson(events, zoneName) {
    return events.map((e) => ({ at: isoLocal(e.ms, zoneName), kind: e.kind, what: e.what, who: e.who, source: e.source }));
  }

  // --- .ics (RFC 5545): one event with a display alarm per deadline ------------------------
  function icsText(s) { return s.replace(/\\/g, '\\\\').replace(/;/g, '\\;').replace(/,/g, '\\,').replace(/\n/g, '\\n'); }
  function icsTime(ms) { return new Date(ms).toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, ''); }
  function fold(line) {
    const out = []; let rest = line;
    while (new TextEncoder().encode(rest).length > 73) {
      let cut = 73; while (new TextEncoder().encode(rest.slice(0, cut)).length > 73) cut--;
      out.push(rest.slice(0, cut)); rest = ' ' + rest.slice(cut);
    }
    out.push(rest);
    return out.join('\r\n');
  }
  function ics(events, title) {
    const lines = ['BEGIN:VCALENDAR', 'VERSION:2.0', 'PRODID:-//Escalation Playbook//timeline page//EN', 'CALSCALE:GREGORIAN',
      'X-WR-CALNAME:' + icsText(title)];
    const stamp = icsTime(events.length ? events[0].ms : 0);
    events.forEach((e, i) => {
      lines.push('BEGIN:VEVENT', 'UID:' + e.ms + '-' + i + '-' + e.kind + '@playbook-timeline', 'DTSTAMP:' + stamp,
        'DTSTART:' + icsTime(e.ms), 'DTEND:' + icsTime(e.ms + 15 * MIN), 'SUMMARY:' + icsText(e.what + ' (' + e.who + ')'),
        'DESCRIPTION:' + icsText(e.kind + ': ' + e.what + '\nWho: ' + e.who + '\nPolicy: ' + e.source),
        'CATEGORIES:' + icsText(e.kind), 'BEGIN:VALARM', 'ACTION:DISPLAY', 'DESCRIPTION:' + icsText(e.what),
        'TRIGGER:PT0S', 'END:VALARM', 'END:VEVENT');
    });
    lines.push('END:VCALENDAR');
    return lines.map(fold).join('\r\n') + '\r\n';
  }

  // --- the page --------------------------------------------------------------------------------
  function parseSpan(text) {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(m|min|mins|minutes?|h|hours?|d|days?|w|weeks?)\s*$/i.exec(text || '');
    if (!m) throw new TimelineError("'" + text + "' is not a length of time; write it like 90m, 12h, 3d or 2w");
    return Number(m[1]) * { m: 1, h: 60, d: 1440, w: 10080 }[m[2][0].toLowerCase()];
  }
  function parseLocal(value, zoneName) {  // 'YYYY-MM-DDTHH:MM' in the zone -> UTC ms
    const m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(value || '');
    if (!m) return null;
    return localToUtc(zoneName, +m[1], +m[2], +m[3], +m[4] * 60 + +m[5]);
  }
  function byId(id) { return document.getElementById(id); }
  function escapeHtml(s) {
    return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
  }
  let last = { events: [], zone: 'UTC', title: '' };
  const SHOWN = 50;  // rows drawn at first; a long escalation's full list is one click away
  let showAll = false;

  function readForm() {
    const regionId = byId('timeline-region').value || null;
    const z = zoneFor(regionId);
    return { level: byId('timeline-level').value, priority: byId('timeline-priority').value,
      tier: byId('timeline-tier').value, region: regionId, start: parseLocal(byId('timeline-start').value, z),
      span: parseSpan(byId('timeline-for').value), resolved: parseLocal(byId('timeline-resolved').value, z), zone: z };
  }

  function update(now) {
    const body = byId('timeline-events').querySelector('tbody');
    const status = byId('timeline-status');
    let request;
    try {
      request = readForm();
      byId('timeline-zone').textContent = request.zone;
      if (request.start === null) { body.innerHTML = ''; status.textContent = 'Give the start time.'; return []; }
      const events = compute(request);
      last = { events: events, zone: request.zone, title: 'Escalation ' + request.level + ' ' + request.priority };
      const listed = showAll ? events : events.slice(0, SHOWN);
      const rows = asJson(listed, request.zone).map((e, i) => '<tr data-kind="' + e.kind + '" data-at="' + e.at + '" data-ms="' +
        events[i].ms + '"><td><time datetime="' + e.at + '">' + escapeHtml(e.at.slice(0, 16).replace('T', ' ')) +
        '</time></td><td>' + escapeHtml(e.kind) + '</td><td>' + escapeHtml(e.what) + '</td><td>' + escapeHtml(e.who) +
        '</td><td><code>' + escapeHtml(e.source) + '</code></td></tr>');
      const current = now === undefined ? Date.now() : now;
      if (localDay(request.zone, current) === localDay(request.zone, request.start)) {
        const at = events.findIndex((e) => e.ms > current);
        const marker = '<tr class="pb-now" data-kind="now"><td colspan="5">Now: ' +
          escapeHtml(isoLocal(current - current % MIN, request.zone).slice(0, 16).replace('T', ' ')) + '</td></tr>';
        rows.splice(at < 0 ? rows.length : at, 0, marker);
      }
      body.innerHTML = rows.join('');
      status.textContent = events.length + ' event(s), times in ' + request.zone;
      const more = byId('timeline-more');
      more.style.display = listed.length === events.length ? 'none' : '';
      more.textContent = 'Show all ' + events.length + ' events (' + (events.length - listed.length) + ' more)';
      return events;
    } catch (error) {
      if (!(error instanceof TimelineError)) throw error;
      body.innerHTML = '';
      status.textContent = error.message;
      return [];
    }
  }

  function download() {
    const blob = new Blob([ics(last.events, last.title)], { type: 'text/calendar' });
    const link = document.createElement('a');
    link.href = URL.createObjectURL(blob);
    link.download = 'escalation-timeline.ics';
    document.body.appendChild(link); link.click(); link.remove();
  }

  function start() {
    const form = byId('timeline-form');
    if (!form) return;
    if (!byId('timeline-start').value) {
      const z = zoneFor(byId('timeline-region').value || null);
      byId('timeline-start').value = isoLocal(Date.now() - Date.now() % MIN, z).slice(0, 16);
    }
    form.addEventListener('input', () => { showAll = false; update(); });
    form.addEventListener('change', () => { showAll = false; update(); });
    byId('timeline-ics').addEventListener('click', download);
    byId('timeline-more').addEventListener('click', () => { showAll = true; update(); });
    update();
  }

  window.PlaybookTimeline = {
    data: DATA, update: update, ics: () => ics(last.events, last.title),
    compute: (request) => asJson(compute(request), zoneFor(request.region)),
    localToUtc: localToUtc, TimelineError: TimelineError,
  };
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start); else start();
}());
