/*
 * Cody Batch results viewer (docs/viewer.md). One script for the standalone report.html and the Jenkins build page.
 * It reads the results files exactly as the engine writes them (summary.json, result.json, transcript.jsonl; their
 * schema is in engine/results/schema) and nothing else.
 * Every piece of data is untrusted (model output, repository names, diffs): the DOM is built with createElement and
 * textContent only; no data is ever parsed as HTML or put in an attribute other than a checked http(s) href.
 */
(function () {
  'use strict';

  var ROOT_ID = 'cody-batch-viewer';
  var DATA_ID = 'cody-batch-data';
  var CAMPAIGN_ID = 'cody-batch-campaign';
  var STATUSES = ['FAILED', 'COMPLETED', 'NO_CHANGES', 'SKIPPED', 'RUNNING', 'PENDING'];
  var FINAL_STATUSES = ['FAILED', 'COMPLETED', 'NO_CHANGES', 'SKIPPED'];
  var MAX_DIFF_LINES = 5000;
  var MAX_TEXT_CHARS = 20000;
  var MAX_EVENTS = 2000;
  var REFRESH_MILLIS = 5000;

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

  function collapsible(summaryNodes, body, className, open) {
    var details = el('details', className || 'cb-collapsible');
    details.open = !!open;
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
    var digits = v !== 0 && Math.abs(v) < 1 ? 4 : 2;
    // Round the decimal the engine wrote, half up, as the console's Java does: 0.01185 is $0.0119. toFixed alone
    // rounds the binary double (0.011849999...) down and the page would disagree with the log.
    var text = String(Math.abs(v));
    var shifted = text.indexOf('e') < 0 ? Number(text + 'e' + digits) : Math.abs(v) * Math.pow(10, digits);
    return (v < 0 ? '-$' : '$') + (Math.round(shifted) / Math.pow(10, digits)).toFixed(digits);
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

  /** An ISO-8601 instant as a person reads it: 2026-12-05 23:43:03 UTC. */
  function fmtTime(iso) {
    var m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(iso);
    return m ? m[1] + ' ' + m[2] + ' UTC' : iso;
  }

  function plural(n, word) {
    return fmtInt(n) + ' ' + word + (n === 1 ? '' : 's');
  }

  // ---- the results files -------------------------------------------------------------------------------------

  /** One repository of summary.json as the table shows it: its entry, and its result once final. */
  function Row(entry) {
    this.entry = entry;
    this.result = entry.result && typeof entry.result === 'object' ? entry.result : null;
  }

  Row.prototype.status = function () {
    return typeof this.entry.status === 'string' ? this.entry.status : 'UNKNOWN';
  };

  Row.prototype.name = function () {
    return String((this.result && this.result.repository) || this.entry.spec || this.folder());
  };

  /** The folder under repos/, from the entry's directory (repos/acme__app). */
  Row.prototype.folder = function () {
    var dir = String(this.entry.directory || '');
    return dir.indexOf('repos/') === 0 ? dir.substring(6) : dir;
  };

  Row.prototype.attempts = function () {
    return this.result && Array.isArray(this.result.previous_attempts) ? this.result.previous_attempts : [];
  };

  /** Tokens of this attempt and the earlier ones, as summary.json counts them. */
  Row.prototype.tokens = function () {
    if (!this.result) {
      return 0;
    }
    return this.attempts().reduce(function (t, a) { return t + totalTokens(a.usage); }, totalTokens(this.result.usage));
  };

  Row.prototype.cost = function () {
    if (!this.result) {
      return 0;
    }
    return this.attempts().reduce(function (t, a) { return t + num(a.cost); }, num(this.result.cost));
  };

  Row.prototype.files = function () {
    return this.result && Array.isArray(this.result.files_changed) ? this.result.files_changed.length : 0;
  };

  Row.prototype.error = function () {
    return this.result && typeof this.result.error === 'string' ? this.result.error : '';
  };

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
        events.push({ event: 'unparsed', line: line });
      }
    });
    return events;
  }

  function parseJson(text) {
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
      live: false,
      notes: Array.isArray(data.notes) ? data.notes : [],
      summary: function () { return Promise.resolve(data.summary || {}); },
      repo: function (row) {
        var dir = row.entry.directory;
        var r = Object.prototype.hasOwnProperty.call(repos, dir) ? repos[dir] : {};
        return Promise.resolve({
          result: r.result || row.result,
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

  function fetchText(path) {
    var url;
    try {
      url = sameOriginUrl(path);
    } catch (e) {
      return Promise.reject(e);
    }
    return fetch(url, { credentials: 'same-origin', cache: 'no-cache' }).then(function (response) {
      if (!response.ok) {
        throw new Error('Could not load ' + path + ': HTTP ' + response.status);
      }
      return response.text();
    });
  }

  function serverSource(root) {
    var summaryUrl = root.getAttribute('data-summary-url');
    var repoUrl = root.getAttribute('data-repo-url') || '';
    function file(row, name) {
      var folder = row.folder();
      if (!folder || folder === '.' || folder === '..' || folder.indexOf('/') >= 0) {
        return Promise.reject(new Error('Invalid repository folder name'));
      }
      return fetchText(repoUrl + encodeURIComponent(folder) + '/' + name);
    }
    return {
      live: true,
      notes: [],
      summary: function () {
        return fetchText(summaryUrl).then(function (text) { return JSON.parse(text); });
      },
      repo: function (row) {
        // A running repository has only its growing transcript; a final one lists its files in result.json.
        var outputs = row.result && row.result.outputs ? row.result.outputs
          : { transcript: row.status() === 'RUNNING' ? 'transcript.jsonl' : null };
        function optional(name) {
          return typeof name === 'string' ? file(row, name) : Promise.resolve(null);
        }
        return Promise.all([optional(outputs.patch), optional(outputs.transcript), optional(outputs.report)])
          .then(function (files) {
            return { result: row.result, diff: files[0], transcript: parseTranscript(files[1]), report: files[2] };
          });
      }
    };
  }

  // ---- header ------------------------------------------------------------------------------------------------

  function stat(label, value, className) {
    return append(el('div', 'cb-stat' + (className ? ' ' + className : '')), el('div', 'cb-stat-value', value),
      el('div', 'cb-stat-label', label));
  }

  function renderHeader(summary, notes) {
    var header = el('header', 'cb-header');
    var title = el('div', 'cb-title');
    append(title, el('h1', 'cb-job-name', typeof summary.name === 'string' ? summary.name : 'Cody Batch results'));
    if (typeof summary.type === 'string') {
      title.appendChild(el('span', 'cb-badge cb-type', summary.type));
    }
    if (typeof summary.status === 'string') {
      // the batch's own status, told apart from a repository's: it finished, failed, or still runs
      title.appendChild(el('span', 'cb-badge cb-batch-status cb-status-' + summary.status.toLowerCase(),
        summary.status === 'COMPLETED' ? 'FINISHED' : summary.status));
    }
    header.appendChild(title);
    var times = [];
    if (typeof summary.started === 'string') {
      times.push('Started ' + fmtTime(summary.started));
    }
    if (typeof summary.finished === 'string') {
      times.push('finished ' + fmtTime(summary.finished));
    }
    if (num(summary.attempt) > 1) {
      times.push('attempt ' + summary.attempt);
    }
    if (times.length) {
      header.appendChild(el('div', 'cb-times', times.join(', ')));
    }
    var counts = summary.counts && typeof summary.counts === 'object' ? summary.counts : {};
    var stats = el('div', 'cb-stats');
    stats.appendChild(stat('Repositories', fmtInt(summary.total)));
    STATUSES.forEach(function (s) {
      if (num(counts[s]) > 0) {
        stats.appendChild(stat(s.replace('_', ' ').toLowerCase(), fmtInt(counts[s]), 'cb-stat-' + s.toLowerCase()));
      }
    });
    var tokens = stat('Tokens', fmtInt(summary.total_tokens));
    if (summary.usage && typeof summary.usage === 'object') {
      tokens.title = usageLine(summary.usage);
    }
    append(stats, tokens, stat('Cost', fmtCost(summary.cost)));
    header.appendChild(stats);
    var lines = notes.slice();
    if (typeof summary.error === 'string') {
      lines.push('The batch could not run: ' + summary.error);
    }
    if (typeof summary.stopped === 'string') {
      lines.push('Stopped early: ' + summary.stopped);
    }
    if (summary.cancelled === true) {
      lines.push('Cancelled: repositories that did not finish are recorded as failed, for a retry.');
    }
    lines.forEach(function (line) { header.appendChild(el('p', 'cb-note', line)); });
    return header;
  }

  // ---- repository table --------------------------------------------------------------------------------------

  function answer(r) {
    var text = r.result && typeof r.result.summary === 'string' ? r.result.summary : '';
    var lines = text.split('\n').map(function (l) { return l.trim(); }).filter(Boolean);
    var prose = lines.filter(function (l) { return l.charAt(0) !== '#'; });
    return (prose[0] || lines[0] || '').replace(/^#+\s*/, ''); // the first sentence, not a heading
  }

  var ANSWER_COLUMN = { key: 'answer', label: 'Answer', value: answer };

  var COLUMNS = [
    { key: 'repository', label: 'Repository', value: function (r) { return r.name(); } },
    { key: 'status', label: 'Status', value: function (r) { return r.status(); } },
    { key: 'files', label: 'Files', numeric: true, value: function (r) { return r.files(); } },
    { key: 'tokens', label: 'Tokens', numeric: true, value: function (r) { return r.tokens(); } },
    { key: 'cost', label: 'Cost', numeric: true, value: function (r) { return r.cost(); } },
    { key: 'pr', label: 'Pull request', value: function (r) {
      return r.result && r.result.pull_request ? num(r.result.pull_request.number) : -1;
    } },
    { key: 'error', label: 'Error', value: function (r) { return r.error(); } }
  ];

  /** "open, draft, checks failing, changes requested, conflicts": what GitHub said of the pull request after the run. */
  function prState(pr) {
    if (typeof pr.state !== 'string') {
      return '';
    }
    var parts = [pr.state];
    if (pr.draft === true) {
      parts.push('draft');
    }
    var checks = { success: 'checks passed', failure: 'checks failing', pending: 'checks running' };
    if (checks[pr.checks]) {
      parts.push(checks[pr.checks]);
    }
    if (pr.review_decision === 'approved') {
      parts.push('approved');
    } else if (pr.review_decision === 'changes_requested') {
      parts.push('changes requested');
    }
    if (pr.mergeable === false) {
      parts.push('conflicts');
    }
    return parts.join(', ');
  }

  /** The columns of a batch: an analysis answers, a change touches files and opens pull requests. */
  function columnsFor(summary) {
    return summary.type === 'analysis'
      ? [COLUMNS[0], COLUMNS[1], ANSWER_COLUMN, COLUMNS[3], COLUMNS[4], COLUMNS[6]]
      : COLUMNS;
  }

  function cell(column, row) {
    switch (column.key) {
      case 'repository':
        return append(el('td', 'cb-col-repository'), el('button', 'cb-repo-button', row.name()));
      case 'status':
        return append(el('td', 'cb-col-status'), statusBadge(row.status()));
      case 'pr': {
        var prCell = el('td', 'cb-col-pr');
        var pr = row.result ? row.result.pull_request : null;
        if (pr && typeof pr === 'object') {
          prCell.appendChild(safeLink(pr.url, '#' + num(pr.number)));
          if (pr.action) {
            prCell.appendChild(el('span', 'cb-muted', ' ' + pr.action));
          }
          if (prState(pr)) {
            prCell.appendChild(el('div', 'cb-muted cb-pr-state', prState(pr)));
          }
        }
        return prCell;
      }
      case 'error':
      case 'answer': {
        var text = column.value(row);
        var td = el('td', 'cb-col-' + column.key, text);
        if (text) {
          td.title = text;
        }
        return td;
      }
      case 'cost':
        return el('td', 'cb-num', fmtCost(row.cost()));
      default:
        return el('td', 'cb-num', fmtInt(column.value(row)));
    }
  }

  function renderRow(columns, row, index) {
    var tr = el('tr', 'cb-row' + (row.status() === 'FAILED' ? ' cb-row-failed' : ''));
    tr.setAttribute('data-index', String(index));
    tr.setAttribute('data-directory', String(row.entry.directory || ''));
    columns.forEach(function (column) { tr.appendChild(cell(column, row)); });
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
    var stats = el('div', 'cb-diff-stats', plural(files, 'file') + ', ');
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

  function label(text, detail) {
    return [el('span', 'cb-block-label', text), detail ? el('span', 'cb-muted', ' ' + detail) : null];
  }

  function preview(value) {
    var s = typeof value === 'string' ? value : JSON.stringify(value);
    s = (s || '').replace(/\s+/g, ' ').trim();
    return s.length > 100 ? s.substring(0, 100) + '\u2026' : s;
  }

  /** The blocks a person reads in a message: text and thinking; tool calls and results have events of their own. */
  function messageBlocks(content, box) {
    var calls = [];
    (Array.isArray(content) ? content : [content]).forEach(function (block) {
      if (typeof block === 'string') {
        box.appendChild(textBlock(block));
      } else if (block && block.type === 'text' && typeof block.text === 'string') {
        box.appendChild(textBlock(block.text));
      } else if (block && block.type === 'thinking') {
        box.appendChild(collapsible(label('Thinking'), textBlock(block.thinking || ''), 'cb-collapsible cb-thinking'));
      } else if (block && block.type === 'tool_use') {
        calls.push(block.name);
      }
    });
    if (calls.length) {
      box.appendChild(el('div', 'cb-muted cb-calls', 'calls ' + calls.join(', ')));
    }
  }

  /** A tool call's input: the editor's command and path up front, its texts as text, anything else as JSON. */
  function toolInput(input) {
    var box = el('div', 'cb-tool-input');
    if (!input || typeof input !== 'object') {
      box.appendChild(jsonBlock(input));
      return box;
    }
    var head = [];
    ['command', 'path', 'pattern', 'glob'].forEach(function (k) {
      if (typeof input[k] === 'string') {
        head.push(k === 'command' ? input[k] : k + ' ' + input[k]);
      }
    });
    if (head.length) {
      box.appendChild(el('div', 'cb-tool-head', head.join(' \u00b7 ')));
    }
    Object.keys(input).forEach(function (k) {
      if (['command', 'path', 'pattern', 'glob'].indexOf(k) >= 0) {
        return;
      }
      var value = input[k];
      box.appendChild(el('div', 'cb-field-name', k));
      box.appendChild(typeof value === 'string' ? textBlock(value, 'cb-text cb-mono') : jsonBlock(value));
    });
    return box;
  }

  function eventBox(kind, title, time) {
    var box = el('div', 'cb-event cb-event-' + kind);
    var head = append(el('div', 'cb-event-head'), el('span', 'cb-event-type', title));
    if (typeof time === 'string') {
      head.appendChild(el('span', 'cb-muted cb-event-time', fmtTime(time)));
    }
    box.appendChild(head);
    return box;
  }

  var EVENTS = {
    start: function (ev, box) {
      box.appendChild(el('div', 'cb-muted', 'model ' + ev.model + ' \u00b7 tools: '
        + (Array.isArray(ev.tools) ? ev.tools.join(', ') : '')));
      if (typeof ev.system === 'string') {
        box.appendChild(collapsible(label('System prompt'), textBlock(ev.system)));
      }
    },
    request: function (ev, box, state) {
      (Array.isArray(ev.new_messages) ? ev.new_messages : []).forEach(function (message) {
        if (message && message.role === 'user') {
          var texts = el('div', 'cb-content');
          messageBlocks((Array.isArray(message.content) ? message.content : [message.content]).filter(function (b) {
            return typeof b === 'string' || (b && b.type === 'text');
          }), texts);
          if (texts.firstChild) {
            box.appendChild(el('div', 'cb-block-label', state.prompted ? 'User' : 'Prompt'));
            box.appendChild(texts);
            state.prompted = true;
          }
        }
      });
      return box.childNodes.length > 1 ? 'Request ' + ev.iteration : false;
    },
    response: function (ev, box) {
      var content = el('div', 'cb-content');
      messageBlocks(ev.content, content);
      box.appendChild(content);
      var facts = [];
      if (ev.usage && typeof ev.usage === 'object') {
        facts.push(usageLine(ev.usage));
      }
      if (typeof ev.cost === 'number') {
        facts.push(fmtCost(ev.cost));
      }
      if (ev.stop_reason) {
        facts.push('stop: ' + ev.stop_reason);
      }
      if (typeof ev.duration_ms === 'number') {
        facts.push(fmtDuration(ev.duration_ms));
      }
      box.appendChild(el('div', 'cb-usage', facts.join(' \u00b7 ')));
      return 'Claude, turn ' + ev.iteration;
    },
    tool_call: function (ev, box) {
      box.appendChild(toolInput(ev.input));
      return 'Tool call: ' + ev.name;
    },
    tool_result: function (ev, box) {
      var text = typeof ev.content === 'string' ? ev.content : JSON.stringify(ev.content, null, 2);
      box.appendChild(textBlock(text || '(no output)', 'cb-text cb-mono'));
      if (ev.is_error) {
        box.classList.add('cb-is-error');
      }
      return (ev.is_error ? 'Tool error: ' : 'Tool result: ') + ev.name;
    },
    tool_use_truncated: function (ev, box) {
      box.appendChild(el('div', null, 'A call to ' + ev.name + ' was cut off (' + ev.stop_reason + ') and not run.'));
      return 'Tool call cut off';
    },
    retry: function (ev, box) {
      box.appendChild(el('div', null, 'Attempt ' + ev.attempt + ' failed (' + (ev.status ? 'HTTP ' + ev.status : 'network')
        + ': ' + ev.reason + '); retried after ' + fmtInt(ev.delay_ms) + ' ms.'));
      return 'Retry';
    },
    context_cleared: function (ev, box) {
      box.appendChild(el('div', null, 'Cleared ' + plural(num(ev.cleared), 'old tool result') + ', kept '
        + fmtInt(ev.kept) + ': ' + ev.reason + '.'));
      return 'Context cleared';
    },
    cost_note: function (ev, box) {
      box.appendChild(el('div', null, ev.note));
      return 'Cost note';
    },
    error: function (ev, box) {
      box.appendChild(textBlock(ev.message, 'cb-text cb-error-text'));
      box.appendChild(el('div', 'cb-muted', [ev.kind, ev.status ? 'HTTP ' + ev.status : null, ev.error_type,
        ev.request_id].filter(Boolean).join(' \u00b7 ')));
      return 'API error';
    },
    verification: function (ev, box) {
      box.classList.add(ev.passed ? 'cb-check-passed' : 'cb-check-failed');
      box.appendChild(el('div', 'cb-tool-head', ev.command));
      box.appendChild(el('div', 'cb-muted', (ev.timed_out ? 'timed out' : 'exit code ' + ev.exit_code) + ' \u00b7 '
        + fmtDuration(ev.duration_ms)));
      if (ev.output_tail) {
        box.appendChild(collapsible(label('Output'), textBlock(ev.output_tail, 'cb-text cb-mono'), null, !ev.passed));
      }
      return 'Check run ' + ev.attempt + ': ' + (ev.passed ? 'passed' : 'failed');
    },
    outcome: function (ev, box) {
      if (ev.error) {
        box.appendChild(textBlock(ev.error, 'cb-text cb-error-text'));
      }
      box.appendChild(el('div', 'cb-usage', plural(num(ev.iterations), 'request') + ' \u00b7 '
        + (ev.usage ? usageLine(ev.usage) : '') + ' \u00b7 ' + fmtCost(ev.cost)));
      return 'Outcome: ' + ev.ending;
    },
    cancelled: function (ev, box) {
      box.appendChild(el('div', 'cb-usage', 'Cancelled after ' + plural(num(ev.iterations), 'request') + ' \u00b7 '
        + (ev.usage ? usageLine(ev.usage) : '') + ' \u00b7 ' + fmtCost(ev.cost)));
      return 'Cancelled';
    },
    unparsed: function (ev, box) {
      box.appendChild(textBlock(String(ev.line), 'cb-text cb-mono'));
      return 'Unreadable line';
    }
  };

  function renderEvent(ev, state) {
    if (!ev || typeof ev !== 'object' || Array.isArray(ev)) {
      ev = { event: 'unparsed', line: JSON.stringify(ev) };
    }
    var kind = typeof ev.event === 'string' ? ev.event : 'other';
    var render = Object.prototype.hasOwnProperty.call(EVENTS, kind) ? EVENTS[kind] : null;
    var box = eventBox(render ? kind.replace(/_/g, '-') : 'other', kind, ev.time);
    var title = render ? render(ev, box, state) : null;
    if (title === false) {
      return null; // nothing a person reads (a request carrying only tool results, shown as their own events)
    }
    if (!render) {
      box.appendChild(collapsible(label('Details', preview(ev)), jsonBlock(ev)));
    }
    box.querySelector('.cb-event-type').textContent = title || (kind.charAt(0).toUpperCase() + kind.substring(1).replace(/_/g, ' '));
    return box;
  }

  function renderTranscript(events, truncatedByWriter) {
    var box = el('div', 'cb-conversation');
    if (!events || !events.length) {
      box.appendChild(el('p', 'cb-empty', 'No transcript for this repository.'));
      return box;
    }
    var state = { prompted: false };
    var shown = Math.min(events.length, MAX_EVENTS);
    for (var i = 0; i < shown; i++) {
      append(box, renderEvent(events[i], state));
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

  function renderResult(row, result) {
    var r = result || {};
    var dl = el('dl', 'cb-fields');
    function field(name, valueNode) {
      append(dl, el('dt', null, name), append(el('dd'), valueNode));
    }
    field('Repository', el('span', null, row.name()));
    field('Status', statusBadge(row.status()));
    if (!result) {
      field('Progress', el('span', 'cb-muted', row.status() === 'RUNNING' ? 'Working on it now.' : 'Waiting to start.'));
      return dl;
    }
    if (r.error) {
      field(r.status === 'FAILED' || r.status === 'SKIPPED' ? 'Error' : 'Note', textBlock(r.error, 'cb-text cb-error-text'));
    }
    field('Requests', el('span', null, fmtInt(r.iterations)));
    field('Tokens', el('span', null, fmtInt(totalTokens(r.usage)) + (r.usage ? ' (' + usageLine(r.usage) + ')' : '')));
    field('Cost', el('span', null, fmtCost(r.cost)));
    field('Duration', el('span', null, fmtDuration(r.duration_millis)));
    if (r.pull_request && typeof r.pull_request === 'object') {
      var prBox = el('span');
      append(prBox, safeLink(r.pull_request.url), el('span', 'cb-muted', r.pull_request.action ? ' (' + r.pull_request.action + ')' : ''));
      field('Pull request', prBox);
      if (prState(r.pull_request)) {
        field('Pull request state', el('span', null, prState(r.pull_request)));
      }
      if (r.pull_request.reason) {
        field('Pull request note', textBlock(r.pull_request.reason, 'cb-text'));
      }
      if (r.pull_request.warning) {
        field('Pull request warning', textBlock(r.pull_request.warning, 'cb-text cb-error-text'));
      }
    }
    var files = Array.isArray(r.files_changed) ? r.files_changed : [];
    if (files.length || !(r.outputs && r.outputs.report)) {
      var list = el('ul', 'cb-files');
      files.forEach(function (f) { list.appendChild(el('li', null, f)); });
      field('Files changed (' + files.length + ')', files.length ? list : el('span', 'cb-muted', 'none'));
    }
    if (r.summary && !(r.outputs && r.outputs.report)) {
      field('Summary', textBlock(r.summary));
    }
    row.attempts().forEach(function (a) {
      field('Attempt ' + a.attempt, el('span', null, a.status + ' \u00b7 ' + fmtInt(totalTokens(a.usage)) + ' tokens \u00b7 '
        + fmtCost(a.cost) + (a.error ? ' \u00b7 ' + a.error : '') + ' (files in ' + a.folder + '/)'));
    });
    return dl;
  }

  /** The verify command's record: what ran, how it ended, what it printed last, what repairing cost. */
  function renderCheck(v) {
    var dl = el('dl', 'cb-fields');
    function field(name, valueNode) {
      append(dl, el('dt', null, name), append(el('dd'), valueNode));
    }
    field('Command', el('code', null, v.command));
    field('Result', el('span', 'cb-badge ' + (v.passed ? 'cb-status-completed' : 'cb-status-failed'),
      v.passed ? 'PASSED' : 'FAILED'));
    field('Runs', el('span', null, fmtInt(v.attempts) + ' (' + fmtDuration(v.duration_millis) + ' in all)'));
    field('Last run', el('span', null, v.timed_out ? 'timed out' : typeof v.exit_code === 'number'
      ? 'exit code ' + v.exit_code : 'could not start'));
    if (num(v.repair_iterations) > 0) {
      field('Repairs', el('span', null, plural(num(v.repair_iterations), 'request') + ' \u00b7 '
        + fmtInt(totalTokens(v.repair_usage)) + ' tokens \u00b7 ' + fmtCost(v.repair_cost)));
    }
    field('Output (end)', textBlock(v.output_tail || '(none)', 'cb-text cb-mono'));
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
    this.rows = [];
    this.trs = [];
    this.activeStatuses = Object.create(null);
    this.query = '';
    this.sort = { key: null, ascending: true };
    this.openDirectory = null;
    this.openTab = null;
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

  /** While the batch runs (server mode), the summary is read again and the page updated in place. */
  Viewer.prototype.scheduleRefresh = function (summary) {
    var self = this;
    if (!this.source.live || summary.status !== 'RUNNING') {
      return;
    }
    window.setTimeout(function () {
      self.source.summary().then(function (next) {
        self.render(next || {});
      }).catch(function () {
        self.scheduleRefresh(summary);
      });
    }, REFRESH_MILLIS);
  };

  Viewer.prototype.render = function (summary) {
    var self = this;
    var before = this.rows;
    this.rows = (Array.isArray(summary.repositories) ? summary.repositories : []).filter(function (e) {
      return e && typeof e === 'object';
    }).map(function (e) { return new Row(e); });
    clear(this.root);
    this.root.appendChild(renderHeader(summary, this.source.notes));
    this.root.appendChild(this.renderToolbar());
    this.columns = columnsFor(summary);
    this.root.appendChild(this.renderTable());
    this.detail = el('section', 'cb-detail');
    this.detail.hidden = true;
    this.root.appendChild(this.detail);
    this.applyFilters();
    if (this.sort.key) {
      this.sort.ascending = !this.sort.ascending;
      this.sortBy(this.sort.key);
    }
    var open = this.openDirectory;
    this.openDirectory = null;
    if (open !== null) {
      var changed = before.some(function (r) { return r.entry.directory === open; });
      this.open(open, changed);
    }
    // Marker for tests and the benchmark: the table is in the DOM.
    this.root.setAttribute('data-rendered', String(Math.round(performance.now())));
    window.codyBatchRenderedAt = performance.now();
    this.scheduleRefresh(summary);
  };

  Viewer.prototype.renderToolbar = function () {
    var self = this;
    var toolbar = el('div', 'cb-toolbar');
    this.filterBox = el('div', 'cb-status-filters');
    this.filterBox.setAttribute('role', 'group');
    this.filterBox.setAttribute('aria-label', 'Filter by status');
    var counts = Object.create(null);
    this.rows.forEach(function (r) { counts[r.status()] = (counts[r.status()] || 0) + 1; });
    var any = Object.keys(this.activeStatuses).length > 0;
    var allButton = el('button', 'cb-filter cb-filter-all', 'All ' + this.rows.length);
    allButton.type = 'button';
    allButton.setAttribute('aria-pressed', String(!any));
    this.filterBox.appendChild(allButton);
    STATUSES.concat(Object.keys(counts).filter(function (s) { return STATUSES.indexOf(s) < 0; })).forEach(function (status) {
      if (!counts[status]) {
        return;
      }
      var button = el('button', 'cb-filter');
      button.type = 'button';
      button.setAttribute('data-status', status);
      button.setAttribute('aria-pressed', String(!!self.activeStatuses[status]));
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
    this.search.value = this.query;
    this.search.addEventListener('input', function () {
      self.query = self.search.value.trim().toLowerCase();
      self.applyFilters();
    });
    this.shownCount = el('span', 'cb-shown-count');
    return append(toolbar, this.filterBox, this.search, this.shownCount);
  };

  Viewer.prototype.renderTable = function () {
    var self = this;
    var tableBox = el('div', 'cb-table-box');
    var table = el('table', 'cb-table');
    var headRow = el('tr');
    this.columns.forEach(function (column) {
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
    this.trs = this.rows.map(function (row, i) {
      var tr = renderRow(self.columns, row, i);
      fragment.appendChild(tr);
      return tr;
    });
    this.tbody.appendChild(fragment);
    this.tbody.addEventListener('click', function (event) {
      if (event.target.closest('a')) {
        return;
      }
      var tr = event.target.closest('tr');
      if (tr) {
        self.openTab = null;
        self.open(tr.getAttribute('data-directory'), false);
      }
    });
    table.appendChild(this.tbody);
    tableBox.appendChild(table);
    if (!this.rows.length) {
      tableBox.appendChild(el('p', 'cb-empty', 'No repositories in this batch.'));
    }
    return tableBox;
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
    for (var i = 0; i < this.rows.length; i++) {
      var r = this.rows[i];
      var visible = (!any || this.activeStatuses[r.status()] === true)
        && (!this.query || r.name().toLowerCase().indexOf(this.query) >= 0);
      if (this.trs[i].hidden === visible) {
        this.trs[i].hidden = !visible;
      }
      if (visible) {
        shown++;
      }
    }
    this.shownCount.textContent = 'Showing ' + fmtInt(shown) + ' of ' + fmtInt(this.rows.length);
  };

  Viewer.prototype.sortBy = function (key) {
    var column = this.columns.filter(function (c) { return c.key === key; })[0];
    if (!column) {
      return;
    }
    this.sort = { key: key, ascending: this.sort.key === key ? !this.sort.ascending : !column.numeric };
    var direction = this.sort.ascending ? 1 : -1;
    var rows = this.rows;
    var order = rows.map(function (r, i) { return i; });
    order.sort(function (a, b) {
      var x = column.value(rows[a]);
      var y = column.value(rows[b]);
      return (x < y ? -1 : x > y ? 1 : a - b) * direction;
    });
    var fragment = document.createDocumentFragment();
    var trs = this.trs;
    order.forEach(function (i) { fragment.appendChild(trs[i]); });
    this.tbody.appendChild(fragment);
    var sort = this.sort;
    Array.prototype.forEach.call(this.root.querySelectorAll('.cb-sort'), function (button) {
      var on = button.getAttribute('data-key') === sort.key;
      button.parentNode.setAttribute('aria-sort', on ? (sort.ascending ? 'ascending' : 'descending') : 'none');
    });
  };

  /** Shows a repository's details; {@code quiet} keeps the scroll position (a refresh while the batch runs). */
  Viewer.prototype.open = function (directory, quiet) {
    var self = this;
    var index = -1;
    for (var i = 0; i < this.rows.length; i++) {
      if (this.rows[i].entry.directory === directory) {
        index = i;
      }
    }
    if (index < 0) {
      return;
    }
    var row = this.rows[index];
    this.trs.forEach(function (tr) { tr.classList.remove('cb-selected'); });
    this.trs[index].classList.add('cb-selected');
    this.openDirectory = directory;
    clear(this.detail);
    this.detail.hidden = false;
    var close = el('button', 'cb-close', '\u00d7');
    close.type = 'button';
    close.title = 'Close';
    close.setAttribute('aria-label', 'Close');
    close.addEventListener('click', function () {
      self.detail.hidden = true;
      self.trs.forEach(function (tr) { tr.classList.remove('cb-selected'); });
      self.openDirectory = null;
      self.openTab = null;
    });
    this.detail.appendChild(append(el('div', 'cb-detail-title'), el('h2', null, row.name()), statusBadge(row.status()),
      close));
    var body = el('div', 'cb-detail-body');
    body.appendChild(el('p', 'cb-loading', 'Loading\u2026'));
    this.detail.appendChild(body);
    // a final repository's files do not change; a running one's transcript grows, so it is read again
    var key = directory + '\u0000' + row.status();
    if (!this.cache[key] || FINAL_STATUSES.indexOf(row.status()) < 0) {
      this.cache[key] = this.source.repo(row);
    }
    this.cache[key].then(function (repo) {
      if (self.openDirectory === directory) {
        self.showRepo(body, row, repo);
      }
    }).catch(function (e) {
      delete self.cache[key];
      if (self.openDirectory === directory) {
        clear(body);
        body.appendChild(el('p', 'cb-error-text', 'Could not load this repository: ' + e.message));
      }
    });
    if (!quiet) {
      this.detail.scrollIntoView({ block: 'nearest' });
    }
  };

  Viewer.prototype.showRepo = function (body, row, repo) {
    var self = this;
    clear(body);
    var tabs = [{ id: 'result', label: 'Result', render: function () { return renderResult(row, repo.result); } }];
    if (repo.report) {
      tabs.unshift({ id: 'report', label: 'Report', render: function () { return renderReport(repo.report); } });
    }
    if (repo.diff) {
      tabs.push({ id: 'diff', label: 'Diff', render: function () { return renderDiff(repo.diff, repo.diffTruncated); } });
    }
    if (repo.result && repo.result.verification && typeof repo.result.verification === 'object') {
      tabs.push({ id: 'check', label: 'Check', render: function () { return renderCheck(repo.result.verification); } });
    }
    if (repo.transcript) {
      tabs.push({ id: 'conversation', label: 'Conversation', render: function () {
        return renderTranscript(repo.transcript, repo.transcriptTruncated);
      } });
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
      self.openTab = id;
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
    var kept = tabs.filter(function (t) { return t.id === self.openTab; })[0];
    select(kept ? kept.id : tabs[0].id === 'report' ? 'report' : repo.diff ? 'diff'
      : FINAL_STATUSES.indexOf(row.status()) < 0 && repo.transcript ? 'conversation' : 'result');
  };

  // ---- campaign (the job page: the job's pull requests across its builds) ---------------------------------------

  var SVG = 'http://www.w3.org/2000/svg';

  function svg(tag, attributes, text) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attributes).forEach(function (k) { node.setAttribute(k, String(attributes[k])); });
    if (text !== undefined) {
      node.textContent = String(text);
    }
    return node;
  }

  // drawn in this order: where lines meet, open stays on top and closed (dashed) shows through
  var SERIES = [
    { key: 'closed', label: 'closed without merging', className: 'cb-line-closed' },
    { key: 'merged', label: 'merged', className: 'cb-line-merged' },
    { key: 'open', label: 'open', className: 'cb-line-open' }
  ];

  /** A line per pull request state over the builds, oldest left: open falls as merged rises when a campaign goes well. */
  function burndown(points) {
    var width = 760;
    var height = 260;
    var pad = { left: 44, right: 16, top: 16, bottom: 40 };
    var max = 1;
    points.forEach(function (p) {
      SERIES.forEach(function (s) { max = Math.max(max, num(p.pull_request_states[s.key])); });
    });
    var x = function (i) {
      return pad.left + (points.length === 1 ? (width - pad.left - pad.right) / 2
        : i * (width - pad.left - pad.right) / (points.length - 1));
    };
    var y = function (v) { return height - pad.bottom - v * (height - pad.top - pad.bottom) / max; };
    var chart = svg('svg', { viewBox: '0 0 ' + width + ' ' + height, 'class': 'cb-burndown', role: 'img',
      'aria-label': 'Pull requests by state, build by build' });
    var ticks = [];
    for (var t = 0; t <= max; t += max <= 10 ? 1 : Math.ceil(max / 5)) {
      ticks.push(t);
    }
    ticks.forEach(function (v) {
      chart.appendChild(svg('line', { x1: pad.left, x2: width - pad.right, y1: y(v), y2: y(v), 'class': 'cb-grid' }));
      chart.appendChild(svg('text', { x: pad.left - 8, y: y(v) + 4, 'text-anchor': 'end', 'class': 'cb-axis' }, v));
    });
    points.forEach(function (p, i) {
      chart.appendChild(svg('text', { x: x(i), y: height - pad.bottom + 18, 'text-anchor': 'middle', 'class': 'cb-axis' },
        '#' + p.build));
    });
    SERIES.forEach(function (s) {
      var coords = points.map(function (p, i) { return x(i) + ',' + y(num(p.pull_request_states[s.key])); });
      chart.appendChild(svg('polyline', { points: coords.join(' '), 'class': 'cb-line ' + s.className }));
      points.forEach(function (p, i) {
        var dot = svg('circle', { cx: x(i), cy: y(num(p.pull_request_states[s.key])), r: 3.5, 'class': s.className });
        dot.appendChild(svg('title', {}, '#' + p.build + ': ' + num(p.pull_request_states[s.key]) + ' ' + s.label));
        chart.appendChild(dot);
      });
    });
    var legend = el('div', 'cb-legend');
    SERIES.forEach(function (s) {
      append(legend, append(el('span', 'cb-legend-item'), el('span', 'cb-swatch ' + s.className), el('span', null, s.label)));
    });
    return append(el('div', 'cb-chart'), chart, legend);
  }

  /** The job page: one section per campaign (the batches of one name), oldest build left in its chart. */
  function renderCampaign(root, trend) {
    clear(root);
    root.classList.add('cb-viewer');
    var names = [];
    var byName = Object.create(null);
    (Array.isArray(trend) ? trend : []).slice().reverse().forEach(function (p) { // the endpoint lists the newest first
      if (p && typeof p === 'object') {
        var name = String(p.name);
        if (!byName[name]) {
          byName[name] = [];
          names.push(name);
        }
        byName[name].push(p);
      }
    });
    if (!names.length) {
      root.appendChild(el('p', 'cb-empty', 'No build of this job ran Cody Batch yet.'));
    }
    names.forEach(function (name) { root.appendChild(renderCampaignOf(name, byName[name])); });
    root.setAttribute('data-rendered', String(Math.round(performance.now())));
  }

  function renderCampaignOf(name, points) {
    var section = append(el('section', 'cb-campaign'), el('h2', 'cb-campaign-name', name));
    var withStates = points.filter(function (p) { return p.pull_request_states && typeof p.pull_request_states === 'object'; });
    if (!withStates.length) {
      section.appendChild(el('p', 'cb-empty', 'These batches opened no pull requests.'));
    } else {
      section.appendChild(burndown(withStates));
      var latest = withStates[withStates.length - 1];
      var stuck = Array.isArray(latest.pull_request_states.stuck) ? latest.pull_request_states.stuck : [];
      section.appendChild(el('h3', null, 'Stuck after build #' + latest.build + ' (' + stuck.length + ')'));
      if (!stuck.length) {
        section.appendChild(el('p', 'cb-empty', 'No open pull request has failing checks, requested changes or conflicts.'));
      } else {
        var table = el('table', 'cb-table cb-stuck');
        table.appendChild(append(el('thead'), append(el('tr'), el('th', null, 'Repository'), el('th', null, 'Pull request'),
          el('th', null, 'Blocked by'))));
        var body = el('tbody');
        stuck.forEach(function (s) {
          body.appendChild(append(el('tr', 'cb-row'), el('td', null, s.repository),
            append(el('td'), safeLink(s.url, '#' + num(s.number))),
            el('td', null, Array.isArray(s.blockers) ? s.blockers.join(', ') : '')));
        });
        section.appendChild(append(table, body));
      }
    }
    section.appendChild(el('h3', null, 'Builds'));
    var builds = el('table', 'cb-table cb-builds');
    builds.appendChild(append(el('thead'), append(el('tr'), el('th', null, 'Build'), el('th', null, 'Result'),
      el('th', 'cb-num', 'Failed'), el('th', 'cb-num', 'Completed'), el('th', 'cb-num', 'No changes'),
      el('th', 'cb-num', 'Open'), el('th', 'cb-num', 'Merged'), el('th', 'cb-num', 'Closed'), el('th', 'cb-num', 'Tokens'),
      el('th', 'cb-num', 'Cost'))));
    var rows = el('tbody');
    points.slice().reverse().forEach(function (p) {
      var counts = p.counts && typeof p.counts === 'object' ? p.counts : {};
      var states = p.pull_request_states && typeof p.pull_request_states === 'object' ? p.pull_request_states : {};
      var link = el('a', 'cb-link', '#' + p.build);
      link.href = '../' + encodeURIComponent(String(p.build)) + '/' + encodeURIComponent(String(p.page)) + '/';
      rows.appendChild(append(el('tr', 'cb-row'), append(el('td'), link), el('td', null, p.result || ''),
        el('td', 'cb-num', fmtInt(counts.FAILED)), el('td', 'cb-num', fmtInt(counts.COMPLETED)),
        el('td', 'cb-num', fmtInt(counts.NO_CHANGES)), el('td', 'cb-num', fmtInt(states.open)),
        el('td', 'cb-num', fmtInt(states.merged)), el('td', 'cb-num', fmtInt(states.closed)),
        el('td', 'cb-num', fmtInt(p.total_tokens)), el('td', 'cb-num', fmtCost(p.cost))));
    });
    section.appendChild(append(builds, rows));
    return section;
  }

  function bootCampaign(root) {
    fetchText(root.getAttribute('data-trend-url')).then(function (text) {
      renderCampaign(root, JSON.parse(text));
    }).catch(function (e) {
      root.textContent = 'Could not load the campaign: ' + e.message;
      root.setAttribute('data-rendered', 'error');
    });
  }

  function boot() {
    var campaignRoot = document.getElementById(CAMPAIGN_ID);
    if (campaignRoot) {
      bootCampaign(campaignRoot);
    }
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
