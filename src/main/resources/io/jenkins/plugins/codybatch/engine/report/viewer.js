/*
 * Cody Batch results viewer (docs/viewer.md). One script for the standalone report.html and the Jenkins build page.
 * Every piece of data is untrusted (model output, repository names, diffs): the DOM is built with createElement and
 * textContent only; no data is ever parsed as HTML or put in an attribute other than a checked http(s) href.
 */
(function () {
  'use strict';

  var ROOT_ID = 'cody-batch-viewer';
  var DATA_ID = 'cody-batch-data';
  var STATUSES = ['COMPLETED', 'NO_CHANGES', 'FAILED', 'SKIPPED', 'RUNNING', 'PENDING'];
  var FINAL_STATUSES = STATUSES.slice(0, 4);
  var EVENT_TYPES = ['request', 'response', 'tool_call', 'tool_result', 'retry', 'context_cleared', 'error', 'outcome'];
  var MAX_DIFF_LINES = 5000;
  var MAX_TEXT_CHARS = 20000;
  var MAX_EVENTS = 2000;

  // ---- small DOM helpers -------------------------------------------------------------------------------------

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) {
      node.className = className;
    }
    if (text !== undefined && text !== null) {
      node.textContent = String(text);
    }
    return node;
  }

  function append(parent) {
    for (var i = 1; i < arguments.length; i++) {
      if (arguments[i]) {
        parent.appendChild(arguments[i]);
      }
    }
    return parent;
  }

  function clear(node) {
    while (node.firstChild) {
      node.removeChild(node.firstChild);
    }
  }

  /** A link only for http(s) URLs, so a crafted "javascript:" URL in the data stays plain text. */
  function safeLink(url, text) {
    if (typeof url === 'string' && /^https?:\/\//i.test(url)) {
      var a = el('a', 'cb-link', text || url);
      a.href = url;
      a.rel = 'noopener noreferrer';
      a.target = '_blank';
      return a;
    }
    return el('span', null, text || url || '');
  }

  function statusBadge(status) {
    var known = STATUSES.indexOf(status) >= 0;
    return el('span', 'cb-badge cb-status-' + (known ? status.toLowerCase() : 'other'), status || 'UNKNOWN');
  }

  /** Long text is cut so one huge tool output cannot freeze the page; the note says how much is hidden. */
  function textBlock(text, className) {
    var s = typeof text === 'string' ? text : JSON.stringify(text, null, 2);
    var box = el('div', className || 'cb-text');
    if (s.length > MAX_TEXT_CHARS) {
      append(box, el('span', null, s.substring(0, MAX_TEXT_CHARS)),
        el('div', 'cb-note', '\u2026 ' + (s.length - MAX_TEXT_CHARS).toLocaleString('en-US') + ' more characters not shown'));
    } else {
      box.textContent = s;
    }
    return box;
  }

  function jsonBlock(value) {
    return textBlock(JSON.stringify(value, null, 2), 'cb-json');
  }

  function collapsible(summaryNodes, body, className) {
    var details = el('details', className || 'cb-collapsible');
    var summary = el('summary');
    summaryNodes.forEach(function (n) { if (n) { summary.appendChild(n); } });
    return append(details, summary, body);
  }

  // ---- formatting --------------------------------------------------------------------------------------------

  function num(v) {
    return typeof v === 'number' && isFinite(v) ? v : 0;
  }

  function totalTokens(usage) {
    if (!usage || typeof usage !== 'object') {
      return 0;
    }
    return num(usage.input_tokens) + num(usage.output_tokens)
      + num(usage.cache_creation_input_tokens) + num(usage.cache_read_input_tokens);
  }

  function fmtInt(n) {
    return num(n).toLocaleString('en-US');
  }

  function fmtCost(c) {
    var v = num(c);
    return '$' + v.toFixed(v !== 0 && Math.abs(v) < 1 ? 4 : 2);
  }

  function fmtDuration(ms) {
    var s = Math.round(num(ms) / 1000);
    if (s < 60) {
      return s + 's';
    }
    var m = Math.floor(s / 60);
    return m < 60 ? m + 'm ' + (s % 60) + 's' : Math.floor(m / 60) + 'h ' + (m % 60) + 'm';
  }

  function usageLine(usage) {
    return 'input ' + fmtInt(usage.input_tokens) + ' \u00b7 output ' + fmtInt(usage.output_tokens)
      + ' \u00b7 cache write ' + fmtInt(usage.cache_creation_input_tokens)
      + ' \u00b7 cache read ' + fmtInt(usage.cache_read_input_tokens);
  }

  function firstString(obj, keys) {
    for (var i = 0; i < keys.length; i++) {
      var v = obj[keys[i]];
      if (typeof v === 'string' && v) {
        return v;
      }
    }
    return null;
  }

  // ---- data sources ------------------------------------------------------------------------------------------

  /** The folder name of a repository under repos/: the entry's own "dir", else owner/name with "/" as "__". */
  function repoDir(entry) {
    if (typeof entry.dir === 'string' && entry.dir) {
      return entry.dir;
    }
    return String(entry.repository || '').split('/').join('__');
  }

  function parseTranscript(text) {
    if (typeof text !== 'string') {
      return null;
    }
    var events = [];
    text.split('\n').forEach(function (line) {
      if (!line.trim()) {
        return;
      }
      try {
        events.push(JSON.parse(line));
      } catch (e) {
        events.push({ type: 'unparsed', line: line });
      }
    });
    return events;
  }

  /** A broken result.json leaves the Result tab to the summary's copy of the row instead of failing the panel. */
  function parseResult(text) {
    try {
      return text === null ? null : JSON.parse(text);
    } catch (e) {
      return null;
    }
  }

  function embeddedSource(node) {
    var data = JSON.parse(node.textContent);
    var repos = data.repos || {};
    return {
      summary: function () { return Promise.resolve(data.summary || {}); },
      repo: function (dir) {
        var r = Object.prototype.hasOwnProperty.call(repos, dir) ? repos[dir] : {};
        return Promise.resolve({
          result: r.result || null,
          diff: typeof r.diff === 'string' ? r.diff : null,
          diffTruncated: !!r.diff_truncated,
          transcript: Array.isArray(r.transcript) ? r.transcript : null,
          transcriptTruncated: !!r.transcript_truncated,
          report: typeof r.report === 'string' ? r.report : null
        });
      }
    };
  }

  /** Server mode: same-origin URLs only, so a page can never be pointed at someone else's server. */
  function sameOriginUrl(path) {
    var url = new URL(path, document.baseURI);
    if (url.origin !== window.location.origin) {
      throw new Error('Refusing to load ' + url.href + ': not the same origin as this page');
    }
    return url.href;
  }

  function fetchText(path, optional) {
    var url;
    try {
      url = sameOriginUrl(path);
    } catch (e) {
      return Promise.reject(e);
    }
    return fetch(url, { credentials: 'same-origin' }).then(function (response) {
      if (response.status === 404 && optional) {
        return null;
      }
      if (!response.ok) {
        throw new Error('Could not load ' + path + ': HTTP ' + response.status);
      }
      return response.text();
    });
  }

  function serverSource(root) {
    var summaryUrl = root.getAttribute('data-summary-url');
    var repoUrl = root.getAttribute('data-repo-url') || '';
    function file(dir, name) {
      if (!dir || dir === '.' || dir === '..') {
        return Promise.reject(new Error('Invalid repository folder name'));
      }
      return fetchText(repoUrl + encodeURIComponent(dir) + '/' + name, true);
    }
    return {
      summary: function () {
        return fetchText(summaryUrl, false).then(function (text) { return JSON.parse(text); });
      },
      repo: function (dir) {
        return Promise.all([file(dir, 'result.json'), file(dir, 'patch.diff'), file(dir, 'transcript.jsonl'),
          file(dir, 'report.md')]).then(function (files) {
          return {
            result: parseResult(files[0]),
            diff: files[1],
            transcript: parseTranscript(files[2]),
            report: files[3]
          };
        });
      }
    };
  }

  // ---- header ------------------------------------------------------------------------------------------------

  function statusOf(entry) {
    return typeof entry.status === 'string' ? entry.status : 'UNKNOWN';
  }

  /** Known statuses in their usual order, anything else after them. */
  function statusOrder(status) {
    var i = STATUSES.indexOf(status);
    return i < 0 ? STATUSES.length : i;
  }

  function countByStatus(entries) {
    var counts = Object.create(null);
    entries.forEach(function (e) {
      var s = statusOf(e);
      counts[s] = (counts[s] || 0) + 1;
    });
    return counts;
  }

  function stat(label, value) {
    return append(el('div', 'cb-stat'), el('div', 'cb-stat-value', value), el('div', 'cb-stat-label', label));
  }

  function renderHeader(summary, entries) {
    var header = el('header', 'cb-header');
    var title = el('div', 'cb-title');
    append(title, el('h1', 'cb-job-name', firstString(summary, ['name', 'job_name']) || 'Cody Batch results'));
    if (typeof summary.type === 'string') {
      title.appendChild(el('span', 'cb-badge cb-type', summary.type));
    }
    if (typeof summary.status === 'string') {
      title.appendChild(statusBadge(summary.status));
    }
    header.appendChild(title);

    var times = [];
    var started = firstString(summary, ['started_at', 'started']);
    var finished = firstString(summary, ['finished_at', 'finished']);
    if (started) {
      times.push('Started ' + started);
    }
    if (finished) {
      times.push('finished ' + finished);
    }
    if (times.length) {
      header.appendChild(el('div', 'cb-times', times.join(', ')));
    }

    var usage = summary.usage;
    var tokens = usage ? totalTokens(usage) : entries.reduce(function (t, e) { return t + totalTokens(e.usage); }, 0);
    var cost = typeof summary.cost === 'number' ? summary.cost
      : entries.reduce(function (t, e) { return t + num(e.cost); }, 0);
    var counts = countByStatus(entries);
    var stats = el('div', 'cb-stats');
    append(stats, stat('Repositories', fmtInt(entries.length)));
    STATUSES.forEach(function (s) {
      if (counts[s]) {
        var box = stat(s.replace('_', ' ').toLowerCase(), fmtInt(counts[s]));
        box.classList.add('cb-stat-' + s.toLowerCase());
        stats.appendChild(box);
      }
    });
    var tokenStat = stat('Tokens', fmtInt(tokens));
    if (usage) {
      tokenStat.title = usageLine(usage);
    }
    append(stats, tokenStat, stat('Cost', fmtCost(cost)));
    header.appendChild(stats);
    if (Array.isArray(summary.notes)) {
      summary.notes.forEach(function (note) { header.appendChild(el('p', 'cb-note', note)); });
    }
    return header;
  }

  // ---- repository table --------------------------------------------------------------------------------------

  var COLUMNS = [
    { key: 'repository', label: 'Repository', value: function (e) { return String(e.repository || ''); } },
    { key: 'status', label: 'Status', value: function (e) { return String(e.status || ''); } },
    { key: 'files', label: 'Files', numeric: true, value: function (e) { return Array.isArray(e.files_changed) ? e.files_changed.length : 0; } },
    { key: 'tokens', label: 'Tokens', numeric: true, value: function (e) { return totalTokens(e.usage); } },
    { key: 'cost', label: 'Cost', numeric: true, value: function (e) { return num(e.cost); } },
    { key: 'pr', label: 'Pull request', value: function (e) { return e.pull_request ? num(e.pull_request.number) : -1; } },
    { key: 'error', label: 'Error', value: function (e) { return String(e.error || ''); } }
  ];

  function renderRow(entry, index) {
    var tr = el('tr', 'cb-row' + (entry.status === 'FAILED' ? ' cb-row-failed' : ''));
    tr.setAttribute('data-index', String(index));
    var nameCell = el('td', 'cb-col-repository');
    nameCell.appendChild(el('button', 'cb-repo-button', entry.repository || repoDir(entry)));
    var statusCell = append(el('td', 'cb-col-status'), statusBadge(entry.status));
    var prCell = el('td', 'cb-col-pr');
    var pr = entry.pull_request;
    if (pr && typeof pr === 'object') {
      prCell.appendChild(safeLink(pr.url, '#' + num(pr.number)));
      if (pr.action) {
        prCell.appendChild(el('span', 'cb-muted', ' ' + pr.action));
      }
    }
    var errorCell = el('td', 'cb-col-error', entry.error || '');
    if (entry.error) {
      errorCell.title = String(entry.error);
    }
    append(tr, nameCell, statusCell,
      el('td', 'cb-num', COLUMNS[2].value(entry)),
      el('td', 'cb-num', fmtInt(totalTokens(entry.usage))),
      el('td', 'cb-num', fmtCost(entry.cost)),
      prCell, errorCell);
    return tr;
  }

  // ---- diff --------------------------------------------------------------------------------------------------

  function renderDiff(diff, truncatedByWriter) {
    var box = el('div', 'cb-diff-view');
    if (!diff) {
      box.appendChild(el('p', 'cb-empty', 'No patch for this repository.'));
      return box;
    }
    var lines = diff.split('\n');
    if (lines.length && lines[lines.length - 1] === '') {
      lines.pop();
    }
    var files = 0;
    var added = 0;
    var removed = 0;
    var inHeader = false;
    var pre = el('pre', 'cb-diff');
    var shown = Math.min(lines.length, MAX_DIFF_LINES);
    for (var i = 0; i < lines.length; i++) {
      var line = lines[i];
      var cls;
      if (line.indexOf('diff --git ') === 0) {
        inHeader = true;
        files++;
        cls = 'cb-diff-file';
      } else if (line.indexOf('@@') === 0) {
        inHeader = false;
        cls = 'cb-diff-hunk';
      } else if (inHeader) {
        cls = 'cb-diff-meta';
      } else if (line.charAt(0) === '+') {
        added++;
        cls = 'cb-diff-add';
      } else if (line.charAt(0) === '-') {
        removed++;
        cls = 'cb-diff-del';
      } else if (line.charAt(0) === '\\') {
        cls = 'cb-diff-meta';
      } else {
        cls = 'cb-diff-ctx';
      }
      if (i < shown) {
        pre.appendChild(el('span', 'cb-diff-line ' + cls, line + '\n'));
      }
    }
    var stats = el('div', 'cb-diff-stats', files + (files === 1 ? ' file, ' : ' files, '));
    append(stats, el('span', 'cb-diff-added', '+' + added), document.createTextNode(' '),
      el('span', 'cb-diff-removed', '\u2212' + removed));
    append(box, stats, pre);
    if (lines.length > shown) {
      box.appendChild(el('p', 'cb-note', 'Diff truncated: showing the first ' + fmtInt(shown) + ' of '
        + fmtInt(lines.length) + ' lines. The full patch is in patch.diff.'));
    }
    if (truncatedByWriter) {
      box.appendChild(el('p', 'cb-note', 'This report holds only the start of a very large patch; the full patch is in patch.diff.'));
    }
    return box;
  }

  // ---- conversation ------------------------------------------------------------------------------------------

  function blockSummary(label, name, detail) {
    return [el('span', 'cb-block-label', label), name ? el('code', 'cb-tool-name', name) : null,
      detail ? el('span', 'cb-muted', ' ' + detail) : null];
  }

  function preview(value) {
    var s = typeof value === 'string' ? value : JSON.stringify(value);
    s = (s || '').replace(/\s+/g, ' ').trim();
    return s.length > 100 ? s.substring(0, 100) + '\u2026' : s;
  }

  function toolResultText(content) {
    if (typeof content === 'string') {
      return content;
    }
    if (Array.isArray(content)) {
      return content.map(function (b) {
        return b && b.type === 'text' && typeof b.text === 'string' ? b.text : JSON.stringify(b, null, 2);
      }).join('\n');
    }
    return content === undefined ? '' : JSON.stringify(content, null, 2);
  }

  function renderBlock(block) {
    if (typeof block === 'string') {
      return textBlock(block);
    }
    if (!block || typeof block !== 'object') {
      return jsonBlock(block);
    }
    switch (block.type) {
      case 'text':
        return textBlock(block.text || '');
      case 'thinking':
        return collapsible(blockSummary('Thinking'), textBlock(block.thinking || ''), 'cb-collapsible cb-thinking');
      case 'tool_use':
        return collapsible(blockSummary('Tool use', block.name, preview(block.input)), jsonBlock(block.input),
          'cb-collapsible cb-tool');
      case 'tool_result':
        return collapsible(blockSummary(block.is_error ? 'Tool error' : 'Tool result', null, preview(toolResultText(block.content))),
          textBlock(toolResultText(block.content), 'cb-text cb-mono'),
          'cb-collapsible cb-tool-result' + (block.is_error ? ' cb-is-error' : ''));
      default:
        return collapsible(blockSummary(String(block.type || 'block')), jsonBlock(block));
    }
  }

  function renderContent(content) {
    var box = el('div', 'cb-content');
    if (Array.isArray(content)) {
      content.forEach(function (b) { box.appendChild(renderBlock(b)); });
    } else if (content !== undefined && content !== null) {
      box.appendChild(renderBlock(content));
    }
    return box;
  }

  var EVENT_LABELS = {
    request: 'Request', response: 'Response', tool_call: 'Tool call', tool_result: 'Tool result', retry: 'Retry',
    context_cleared: 'Context cleared', error: 'Error', outcome: 'Outcome'
  };

  function renderEvent(ev) {
    if (!ev || typeof ev !== 'object' || Array.isArray(ev)) {
      ev = { type: 'unparsed', value: ev };
    }
    var type = typeof ev.type === 'string' ? ev.type : '';
    var known = EVENT_TYPES.indexOf(type) >= 0;
    var box = el('div', 'cb-event cb-event-' + (known ? type.replace('_', '-') : 'other'));
    var head = append(el('div', 'cb-event-head'), el('span', 'cb-event-type', known ? EVENT_LABELS[type] : (type || 'event')));
    box.appendChild(head);
    if (ev.request_id) {
      head.appendChild(el('code', 'cb-muted cb-request-id', String(ev.request_id)));
    }
    if (!known) {
      box.appendChild(collapsible(blockSummary('Details'), jsonBlock(ev)));
      return box;
    }
    switch (type) {
      case 'request':
      case 'response':
        if (ev.stop_reason) {
          head.appendChild(el('span', 'cb-muted', 'stop: ' + ev.stop_reason));
        }
        box.appendChild(renderContent(ev.content !== undefined ? ev.content : ev.message));
        if (ev.usage && typeof ev.usage === 'object') {
          box.appendChild(el('div', 'cb-usage', usageLine(ev.usage)));
        }
        break;
      case 'tool_call':
        box.appendChild(collapsible(blockSummary('Call', ev.name, preview(ev.input)), jsonBlock(ev.input),
          'cb-collapsible cb-tool'));
        break;
      case 'tool_result': {
        var text = toolResultText(ev.content !== undefined ? ev.content : ev.message);
        box.appendChild(collapsible(blockSummary(ev.is_error ? 'Error' : 'Result', ev.name, preview(text)),
          textBlock(text, 'cb-text cb-mono'), 'cb-collapsible cb-tool-result' + (ev.is_error ? ' cb-is-error' : '')));
        break;
      }
      default: {
        if (ev.message !== undefined) {
          box.appendChild(textBlock(ev.message));
        }
        var rest = {};
        var hasRest = false;
        Object.keys(ev).forEach(function (k) {
          if (k !== 'type' && k !== 'message' && k !== 'request_id') {
            rest[k] = ev[k];
            hasRest = true;
          }
        });
        if (hasRest) {
          box.appendChild(collapsible(blockSummary('Details', null, preview(rest)), jsonBlock(rest)));
        }
      }
    }
    if (ev.tool_use_id) {
      head.appendChild(el('code', 'cb-muted', String(ev.tool_use_id)));
    }
    return box;
  }

  function renderTranscript(events, truncatedByWriter) {
    var box = el('div', 'cb-conversation');
    if (!events || !events.length) {
      box.appendChild(el('p', 'cb-empty', 'No transcript for this repository.'));
      return box;
    }
    var shown = Math.min(events.length, MAX_EVENTS);
    for (var i = 0; i < shown; i++) {
      box.appendChild(renderEvent(events[i]));
    }
    if (events.length > shown) {
      box.appendChild(el('p', 'cb-note', 'Showing the first ' + fmtInt(shown) + ' of ' + fmtInt(events.length)
        + ' events. The full conversation is in transcript.jsonl.'));
    }
    if (truncatedByWriter) {
      box.appendChild(el('p', 'cb-note', 'This report holds only the start of a very long transcript; the full one is in transcript.jsonl.'));
    }
    return box;
  }

  // ---- result fields -----------------------------------------------------------------------------------------

  function renderResult(result, entry) {
    var r = result || entry;
    var dl = el('dl', 'cb-fields');
    function field(label, valueNode) {
      append(dl, el('dt', null, label), append(el('dd'), valueNode));
    }
    field('Repository', el('span', null, r.repository || ''));
    field('Status', statusBadge(r.status));
    if (r.error) {
      field('Error', textBlock(r.error, 'cb-text cb-error-text'));
    }
    field('Iterations', el('span', null, fmtInt(r.iterations)));
    field('Tokens', el('span', null, fmtInt(totalTokens(r.usage)) + (r.usage ? ' (' + usageLine(r.usage) + ')' : '')));
    field('Cost', el('span', null, fmtCost(r.cost)));
    field('Duration', el('span', null, fmtDuration(r.duration_millis)));
    if (r.pull_request && typeof r.pull_request === 'object') {
      var prBox = el('span');
      append(prBox, safeLink(r.pull_request.url), el('span', 'cb-muted', r.pull_request.action ? ' (' + r.pull_request.action + ')' : ''));
      field('Pull request', prBox);
    }
    var files = Array.isArray(r.files_changed) ? r.files_changed : [];
    var list = el('ul', 'cb-files');
    files.forEach(function (f) { list.appendChild(el('li', null, f)); });
    field('Files changed (' + files.length + ')', files.length ? list : el('span', 'cb-muted', 'none'));
    if (r.summary) {
      field('Summary', textBlock(r.summary));
    }
    return dl;
  }

  function renderReport(report) {
    if (typeof report !== 'string' || !report) {
      return el('p', 'cb-empty', 'No analysis report for this repository.');
    }
    return textBlock(report, 'cb-report');
  }

  // ---- the viewer --------------------------------------------------------------------------------------------

  function Viewer(root, source) {
    this.root = root;
    this.source = source;
    this.entries = [];
    this.rows = [];
    this.activeStatuses = Object.create(null);
    this.query = '';
    this.sort = { key: null, ascending: true };
    this.openIndex = -1;
    this.cache = Object.create(null);
  }

  Viewer.prototype.start = function () {
    var self = this;
    clear(this.root);
    this.root.classList.add('cb-viewer');
    this.root.appendChild(el('p', 'cb-loading', 'Loading results\u2026'));
    return this.source.summary().then(function (summary) {
      self.render(summary || {});
    }).catch(function (e) {
      clear(self.root);
      self.root.appendChild(el('p', 'cb-error-text', 'Could not load the results: ' + e.message));
      self.root.setAttribute('data-rendered', 'error');
    });
  };

  Viewer.prototype.render = function (summary) {
    var self = this;
    this.entries = (Array.isArray(summary.repositories) ? summary.repositories : []).filter(function (e) {
      return e && typeof e === 'object';
    });
    clear(this.root);
    this.root.appendChild(renderHeader(summary, this.entries));

    var toolbar = el('div', 'cb-toolbar');
    this.filterBox = el('div', 'cb-status-filters');
    this.filterBox.setAttribute('role', 'group');
    this.filterBox.setAttribute('aria-label', 'Filter by status');
    var counts = countByStatus(this.entries);
    var allButton = el('button', 'cb-filter cb-filter-all', 'All ' + this.entries.length);
    allButton.type = 'button';
    allButton.setAttribute('aria-pressed', 'true');
    this.filterBox.appendChild(allButton);
    Object.keys(counts).sort(function (a, b) {
      return statusOrder(a) - statusOrder(b);
    }).forEach(function (status) {
      var button = el('button', 'cb-filter');
      button.type = 'button';
      button.setAttribute('data-status', status);
      button.setAttribute('aria-pressed', 'false');
      append(button, statusBadge(status), el('span', 'cb-filter-count', counts[status]));
      self.filterBox.appendChild(button);
    });
    this.filterBox.addEventListener('click', function (event) {
      var button = event.target.closest('button');
      if (button) {
        self.toggleStatus(button.getAttribute('data-status'));
      }
    });
    this.search = el('input', 'cb-search');
    this.search.type = 'search';
    this.search.placeholder = 'Filter by repository name';
    this.search.setAttribute('aria-label', 'Filter by repository name');
    this.search.addEventListener('input', function () {
      self.query = self.search.value.trim().toLowerCase();
      self.applyFilters();
    });
    this.shownCount = el('span', 'cb-shown-count');
    append(toolbar, this.filterBox, this.search, this.shownCount);
    this.root.appendChild(toolbar);

    var tableBox = el('div', 'cb-table-box');
    var table = el('table', 'cb-table');
    var headRow = el('tr');
    COLUMNS.forEach(function (column) {
      var th = el('th', column.numeric ? 'cb-num' : null);
      var button = el('button', 'cb-sort', column.label);
      button.type = 'button';
      button.setAttribute('data-key', column.key);
      th.appendChild(button);
      headRow.appendChild(th);
    });
    headRow.addEventListener('click', function (event) {
      var button = event.target.closest('button');
      if (button) {
        self.sortBy(button.getAttribute('data-key'));
      }
    });
    append(table, append(el('thead'), headRow));
    this.tbody = el('tbody');
    // One fragment, one insertion: 1,000 rows lay out once.
    var fragment = document.createDocumentFragment();
    this.rows = this.entries.map(function (entry, i) {
      var row = renderRow(entry, i);
      fragment.appendChild(row);
      return row;
    });
    this.tbody.appendChild(fragment);
    this.tbody.addEventListener('click', function (event) {
      if (event.target.closest('a')) {
        return;
      }
      var row = event.target.closest('tr');
      if (row) {
        self.open(Number(row.getAttribute('data-index')));
      }
    });
    table.appendChild(this.tbody);
    tableBox.appendChild(table);
    if (!this.entries.length) {
      tableBox.appendChild(el('p', 'cb-empty', 'No repositories in this batch.'));
    }
    this.root.appendChild(tableBox);

    this.detail = el('section', 'cb-detail');
    this.detail.hidden = true;
    this.root.appendChild(this.detail);
    this.applyFilters();

    // Marker for tests and the benchmark: the table is in the DOM.
    this.root.setAttribute('data-rendered', String(Math.round(performance.now())));
    window.codyBatchRenderedAt = performance.now();
  };

  Viewer.prototype.toggleStatus = function (status) {
    if (!status) {
      this.activeStatuses = Object.create(null);
    } else if (this.activeStatuses[status]) {
      delete this.activeStatuses[status];
    } else {
      this.activeStatuses[status] = true;
    }
    var any = Object.keys(this.activeStatuses).length > 0;
    var active = this.activeStatuses;
    Array.prototype.forEach.call(this.filterBox.querySelectorAll('button'), function (button) {
      var s = button.getAttribute('data-status');
      button.setAttribute('aria-pressed', String(s ? !!active[s] : !any));
    });
    this.applyFilters();
  };

  Viewer.prototype.applyFilters = function () {
    var any = Object.keys(this.activeStatuses).length > 0;
    var shown = 0;
    for (var i = 0; i < this.entries.length; i++) {
      var e = this.entries[i];
      var visible = (!any || this.activeStatuses[statusOf(e)] === true)
        && (!this.query || String(e.repository || '').toLowerCase().indexOf(this.query) >= 0);
      if (this.rows[i].hidden === visible) {
        this.rows[i].hidden = !visible;
      }
      if (visible) {
        shown++;
      }
    }
    this.shownCount.textContent = 'Showing ' + fmtInt(shown) + ' of ' + fmtInt(this.entries.length);
  };

  Viewer.prototype.sortBy = function (key) {
    var column = COLUMNS.filter(function (c) { return c.key === key; })[0];
    if (!column) {
      return;
    }
    this.sort = { key: key, ascending: this.sort.key === key ? !this.sort.ascending : !column.numeric };
    var direction = this.sort.ascending ? 1 : -1;
    var entries = this.entries;
    var order = entries.map(function (e, i) { return i; });
    order.sort(function (a, b) {
      var x = column.value(entries[a]);
      var y = column.value(entries[b]);
      return (x < y ? -1 : x > y ? 1 : a - b) * direction;
    });
    var fragment = document.createDocumentFragment();
    var rows = this.rows;
    order.forEach(function (i) { fragment.appendChild(rows[i]); });
    this.tbody.appendChild(fragment);
    var sort = this.sort;
    Array.prototype.forEach.call(this.root.querySelectorAll('.cb-sort'), function (button) {
      var on = button.getAttribute('data-key') === sort.key;
      button.parentNode.setAttribute('aria-sort', on ? (sort.ascending ? 'ascending' : 'descending') : 'none');
    });
  };

  Viewer.prototype.open = function (index) {
    var self = this;
    var entry = this.entries[index];
    if (!entry) {
      return;
    }
    if (this.openIndex >= 0) {
      this.rows[this.openIndex].classList.remove('cb-selected');
    }
    this.openIndex = index;
    this.rows[index].classList.add('cb-selected');
    var dir = repoDir(entry);
    clear(this.detail);
    this.detail.hidden = false;
    var close = el('button', 'cb-close', '\u00d7');
    close.type = 'button';
    close.title = 'Close';
    close.setAttribute('aria-label', 'Close');
    close.addEventListener('click', function () {
      self.detail.hidden = true;
      self.rows[self.openIndex].classList.remove('cb-selected');
      self.openIndex = -1;
    });
    var title = append(el('div', 'cb-detail-title'), el('h2', null, entry.repository || dir), statusBadge(entry.status), close);
    this.detail.appendChild(title);
    var body = el('div', 'cb-detail-body');
    body.appendChild(el('p', 'cb-loading', 'Loading\u2026'));
    this.detail.appendChild(body);
    // a repository not final yet (RUNNING, PENDING) is fetched again each time it is opened: its transcript grows
    if (!this.cache[dir] || FINAL_STATUSES.indexOf(statusOf(entry)) < 0) {
      this.cache[dir] = this.source.repo(dir);
    }
    this.cache[dir].then(function (repo) {
      if (self.openIndex === index) {
        self.showRepo(body, entry, repo);
      }
    }).catch(function (e) {
      delete self.cache[dir];
      if (self.openIndex === index) {
        clear(body);
        body.appendChild(el('p', 'cb-error-text', 'Could not load this repository: ' + e.message));
      }
    });
    this.detail.scrollIntoView({ block: 'nearest' });
  };

  Viewer.prototype.showRepo = function (body, entry, repo) {
    clear(body);
    var tabs = [
      { id: 'result', label: 'Result', render: function () { return renderResult(repo.result, entry); } },
      { id: 'diff', label: 'Diff', render: function () { return renderDiff(repo.diff, repo.diffTruncated); } },
      { id: 'conversation', label: 'Conversation', render: function () { return renderTranscript(repo.transcript, repo.transcriptTruncated); } }
    ];
    if (repo.report) {
      tabs.push({ id: 'report', label: 'Report', render: function () { return renderReport(repo.report); } });
    }
    var bar = el('div', 'cb-tabs');
    bar.setAttribute('role', 'tablist');
    var panel = el('div', 'cb-tab-panel');
    panel.setAttribute('role', 'tabpanel');
    function select(id) {
      Array.prototype.forEach.call(bar.children, function (b) {
        b.setAttribute('aria-selected', String(b.getAttribute('data-tab') === id));
      });
      var tab = tabs.filter(function (t) { return t.id === id; })[0];
      clear(panel);
      panel.appendChild(tab.render());
    }
    tabs.forEach(function (tab) {
      var button = el('button', 'cb-tab', tab.label);
      button.type = 'button';
      button.setAttribute('role', 'tab');
      button.setAttribute('data-tab', tab.id);
      bar.appendChild(button);
    });
    bar.addEventListener('click', function (event) {
      var button = event.target.closest('button');
      if (button) {
        select(button.getAttribute('data-tab'));
      }
    });
    append(body, bar, panel);
    select(repo.report ? 'report' : repo.diff ? 'diff' : 'result');
  };

  function boot() {
    var root = document.getElementById(ROOT_ID);
    if (!root) {
      return;
    }
    var dataNode = document.getElementById(DATA_ID);
    var source;
    try {
      source = dataNode ? embeddedSource(dataNode) : serverSource(root);
    } catch (e) {
      root.textContent = 'Could not read the results: ' + e.message;
      root.setAttribute('data-rendered', 'error');
      return;
    }
    new Viewer(root, source).start();
  }

  if (document.readyState === 'loading') {
    document.addEventListener('DOMContentLoaded', boot);
  } else {
    boot();
  }
}());
