// The argmap query page: editor with highlighting and completion, named queries as tabs with
// binding fields, results as a sortable paginated table, downloads, inline errors, shareable links.
// Every text from the server or the user is shown with textContent (never as HTML).
"use strict";
(function () {
  const config = JSON.parse(document.getElementById("config").textContent);
  const $ = (id) => document.getElementById(id);
  const editor = $("query"), highlight = $("highlight"), completions = $("completions");
  const PAGE_SIZE = 50;
  const KEYWORDS = ["SELECT", "DISTINCT", "REDUCED", "WHERE", "OPTIONAL", "FILTER", "UNION", "MINUS", "GRAPH", "BIND",
    "VALUES", "ORDER", "BY", "ASC", "DESC", "GROUP", "HAVING", "LIMIT", "OFFSET", "AS", "ASK", "CONSTRUCT", "DESCRIBE",
    "PREFIX", "BASE", "FROM", "NAMED", "NOT", "EXISTS", "IN", "COUNT", "SUM", "MIN", "MAX", "AVG", "SAMPLE",
    "GROUP_CONCAT", "SEPARATOR", "STR", "LANG", "LCASE", "UCASE", "CONTAINS", "STRSTARTS", "REGEX", "BOUND", "IF",
    "COALESCE", "INSERT", "DELETE", "DATA", "CLEAR", "DROP", "true", "false", "a"];
  const TOKEN = /(#[^\n]*)|("""[\s\S]*?"""|'''[\s\S]*?'''|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*')|(<[^<>"{}|^`\\\s]*>)|([?$][A-Za-z_0-9]+)|([A-Za-z][\w-]*:[\w.-]*|:[\w.-]+)|(\b\d+(?:\.\d+)?\b)|([A-Za-z_]+)/g;
  const KEYWORD_SET = new Set(KEYWORDS.map((k) => k.toUpperCase()));
  const state = { tab: "custom", rows: [], vars: [], sort: null, page: 0, errorLine: null };
  const tabs = [{ name: "custom", title: "Your query", description: "Type SPARQL; Ctrl+Space completes prefixes, terms and keywords.", text: "SELECT ?speaker ?name WHERE {\n  ?speaker a am:Speaker ; rdfs:label ?name .\n}\nORDER BY ?name\nLIMIT 20\n", bindings: [] }];
  document.querySelectorAll("#named-queries li").forEach((li) => tabs.push({
    name: li.dataset.name, title: li.querySelector(".title").textContent,
    description: li.querySelector(".description").textContent, text: li.querySelector(".text").textContent,
    bindings: (li.dataset.bindings || "").split(" ").filter(Boolean),
  }));
  if (config.updates) tabs.push({ name: "update", title: "Update", description: "A SPARQL 1.1 Update, applied with the server's token (Authorization: Bearer).", text: "INSERT DATA {\n  \n}\n", bindings: [] });

  function el(tag, text, cls) {
    const node = document.createElement(tag);
    if (text !== undefined) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  // --- highlighting ---------------------------------------------------------------------------
  function paint() {
    const text = editor.value;
    highlight.replaceChildren();
    const lines = text.split("\n");
    lines.forEach((line, index) => {
      const row = el("span", undefined, "line" + (state.errorLine === index + 1 ? " error-line" : ""));
      let last = 0;
      TOKEN.lastIndex = 0;
      for (let m = TOKEN.exec(line); m; m = TOKEN.exec(line)) {
        if (m.index > last) row.append(document.createTextNode(line.slice(last, m.index)));
        const kind = m[1] ? "comment" : m[2] ? "string" : m[3] ? "iri" : m[4] ? "variable" : m[5] ? "pname" : m[6] ? "number"
          : KEYWORD_SET.has(m[7].toUpperCase()) ? "keyword" : null;
        row.append(kind ? el("span", m[0], "tok-" + kind) : document.createTextNode(m[0]));
        last = m.index + m[0].length;
      }
      row.append(document.createTextNode(line.slice(last) + (index < lines.length - 1 ? "\n" : " ")));
      highlight.append(row);
    });
    highlight.scrollTop = editor.scrollTop;
    highlight.scrollLeft = editor.scrollLeft;
  }

  // --- completion -----------------------------------------------------------------------------
  function currentWord() {
    const upto = editor.value.slice(0, editor.selectionStart);
    const m = /[A-Za-z_][\w-]*:?[\w.-]*$|:[\w.-]*$/.exec(upto);
    return m ? m[0] : "";
  }
  function candidates(word) {
    if (!word) return [];
    const lower = word.toLowerCase();
    const out = [];
    if (word.includes(":")) {
      config.terms.forEach((t) => { if (t.term.toLowerCase().startsWith(lower)) out.push({ text: t.term, note: t.label || t.kind }); });
    } else {
      Object.keys(config.prefixes).forEach((p) => { if (p.startsWith(lower)) out.push({ text: p + ":", note: config.prefixes[p] }); });
      KEYWORDS.forEach((k) => { if (k.toLowerCase().startsWith(lower) && k.length > 1) out.push({ text: k, note: "keyword" }); });
    }
    return out.slice(0, 30);
  }
  let choice = 0, shown = [];
  function showCompletions(force) {
    const word = currentWord();
    shown = candidates(word).filter((c) => force || c.text !== word);
    if (!shown.length || (!force && word.length < 2)) { completions.hidden = true; return; }
    choice = 0;
    completions.replaceChildren(...shown.map((c, i) => {
      const item = el("li", undefined, i === 0 ? "active" : "");
      item.setAttribute("role", "option");
      item.append(el("span", c.text, "term"), el("span", c.note, "note"));
      item.addEventListener("mousedown", (e) => { e.preventDefault(); accept(i); });
      return item;
    }));
    completions.hidden = false;
  }
  function accept(i) {
    const word = currentWord(), start = editor.selectionStart - word.length;
    editor.setRangeText(shown[i].text, start, editor.selectionStart, "end");
    completions.hidden = true;
    paint();
    editor.focus();
  }
  editor.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && (e.ctrlKey || e.metaKey)) { e.preventDefault(); run(); return; }
    if (e.key === " " && e.ctrlKey) { e.preventDefault(); showCompletions(true); return; }
    if (completions.hidden) return;
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      choice = (choice + (e.key === "ArrowDown" ? 1 : shown.length - 1)) % shown.length;
      [...completions.children].forEach((c, i) => c.classList.toggle("active", i === choice));
    } else if (e.key === "Tab" || e.key === "Enter") { e.preventDefault(); accept(choice); }
    else if (e.key === "Escape") completions.hidden = true;
  });
  editor.addEventListener("input", () => { state.errorLine = null; paint(); showCompletions(false); });
  editor.addEventListener("scroll", () => { highlight.scrollTop = editor.scrollTop; highlight.scrollLeft = editor.scrollLeft; });
  editor.addEventListener("blur", () => { completions.hidden = true; });

  // --- tabs and bindings ----------------------------------------------------------------------
  function selectTab(name, text, bound) {
    const tab = tabs.find((t) => t.name === name) || tabs[0];
    state.tab = tab.name;
    document.querySelectorAll("#tabs button").forEach((b) => b.setAttribute("aria-selected", String(b.dataset.name === tab.name)));
    $("description").textContent = tab.description;
    editor.value = text !== undefined ? text : tab.text;
    const fields = $("bindings");
    fields.replaceChildren(...tab.bindings.map((v) => {
      const label = el("label", "?" + v + " ");
      const input = el("input");
      input.name = v;
      input.placeholder = "any (leave empty)";
      input.value = (bound && bound[v]) || "";
      input.addEventListener("keydown", (e) => { if (e.key === "Enter") run(); });
      label.append(input);
      return label;
    }));
    $("update-token").hidden = tab.name !== "update";
    state.errorLine = null;
    hideError();
    paint();
    updateLinks();
  }
  $("tabs").replaceChildren(...tabs.map((t) => {
    const b = el("button", t.title);
    b.type = "button";
    b.dataset.name = t.name;
    b.setAttribute("role", "tab");
    b.title = t.description;
    b.addEventListener("click", () => selectTab(t.name));
    return b;
  }));

  function bindings() {
    return [...$("bindings").querySelectorAll("input")].filter((i) => i.value.trim() !== "").map((i) => [i.name, i.value]);
  }
  function parameters(format) {
    const params = new URLSearchParams();
    params.set("query", editor.value);
    bindings().forEach(([k, v]) => params.append("bind", k + "=" + v));
    if (format) params.set("format", format);
    return params;
  }
  function updateLinks() {
    const share = new URLSearchParams();
    share.set("tab", state.tab);
    const named = tabs.find((t) => t.name === state.tab);
    if (!named || named.text !== editor.value) share.set("query", editor.value);
    bindings().forEach(([k, v]) => share.append("bind", k + "=" + v));
    $("share").href = "?" + share.toString();
    $("download-csv").href = config.endpoint + "?" + parameters("csv").toString();
    $("download-json").href = config.endpoint + "?" + parameters("json").toString();
  }
  $("bindings").addEventListener("input", updateLinks);
  editor.addEventListener("change", updateLinks);

  // --- running --------------------------------------------------------------------------------
  function hideError() { $("error").hidden = true; $("error").replaceChildren(); }
  function showError(message) {
    const box = $("error");
    const m = /:(\d+):(\d+): /.exec(message);
    box.replaceChildren();
    if (m) {
      state.errorLine = Number(m[1]);
      box.append(el("strong", "Line " + m[1] + ", column " + m[2] + ": "));
      const lines = editor.value.split("\n");
      const offset = lines.slice(0, state.errorLine - 1).reduce((n, l) => n + l.length + 1, 0) + Number(m[2]) - 1;
      editor.setSelectionRange(offset, offset);
    }
    box.append(el("span", message));
    box.hidden = false;
    paint();
  }
  async function run() {
    hideError();
    updateLinks();
    history.replaceState(null, "", $("share").getAttribute("href"));
    const status = $("status");
    status.textContent = "running…";
    const started = performance.now();
    let response;
    try {
      if (state.tab === "update") {
        response = await fetch("/update", { method: "POST", headers: { "Content-Type": "application/sparql-update", "Authorization": "Bearer " + $("token").value }, body: editor.value });
      } else {
        response = await fetch(config.endpoint, { method: "POST", headers: { "Content-Type": "application/x-www-form-urlencoded", "Accept": "application/sparql-results+json, text/turtle;q=0.9" }, body: parameters() });
      }
    } catch (err) {
      status.textContent = "";
      showError("the server did not answer: " + err);
      return;
    }
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const body = await response.text();
    if (!response.ok) { status.textContent = "HTTP " + response.status + " in " + seconds + " s"; showError(body.trim()); return; }
    const kind = response.headers.get("Content-Type") || "";
    if (state.tab === "update") { status.textContent = "update applied in " + seconds + " s"; $("results").replaceChildren(); return; }
    if (kind.startsWith("application/sparql-results+json")) {
      const data = JSON.parse(body);
      if ("boolean" in data) { showBoolean(data.boolean); status.textContent = "ASK in " + seconds + " s"; return; }
      state.vars = data.head.vars;
      state.rows = data.results.bindings;
      state.sort = null;
      state.page = 0;
      status.textContent = state.rows.length + " row" + (state.rows.length === 1 ? "" : "s") + " in " + seconds + " s";
      showTable();
    } else {
      status.textContent = "graph in " + seconds + " s";
      $("results").replaceChildren(el("pre", body, "graph"));
    }
  }
  $("run").addEventListener("click", run);

  function showBoolean(value) { $("results").replaceChildren(el("p", value ? "true" : "false", "boolean")); }
  function cellText(cell) { return cell ? cell.value : ""; }
  function numeric(cell) { return cell && cell.datatype && /#(integer|decimal|double|float|int|long|nonNegativeInteger|positiveInteger)$/.test(cell.datatype); }
  function compare(a, b) {
    if (numeric(a) && numeric(b)) return Number(a.value) - Number(b.value);
    return cellText(a).localeCompare(cellText(b));
  }
  function showTable() {
    const rows = state.rows.slice();
    if (state.sort) {
      const { column, descending } = state.sort;
      rows.sort((x, y) => (descending ? -1 : 1) * compare(x[column], y[column]));
    }
    const pages = Math.max(1, Math.ceil(rows.length / PAGE_SIZE));
    state.page = Math.min(state.page, pages - 1);
    const table = el("table", undefined, "results");
    const head = table.createTHead().insertRow();
    state.vars.forEach((v) => {
      const th = el("th");
      const button = el("button", v);
      button.type = "button";
      const sorted = state.sort && state.sort.column === v;
      th.setAttribute("aria-sort", sorted ? (state.sort.descending ? "descending" : "ascending") : "none");
      button.addEventListener("click", () => {
        state.sort = { column: v, descending: sorted ? !state.sort.descending : false };
        showTable();
      });
      th.append(button);
      head.append(th);
    });
    const body = table.createTBody();
    rows.slice(state.page * PAGE_SIZE, (state.page + 1) * PAGE_SIZE).forEach((row) => {
      const tr = body.insertRow();
      state.vars.forEach((v) => {
        const td = tr.insertCell();
        if (v === config.debateVariable && row[v] && row[v].type === "literal") {
          // a debate's id: its map, where it can be curated (and saved when the server takes updates)
          const link = el("a", cellText(row[v]));
          link.href = "/map?debate=" + encodeURIComponent(row[v].value);
          link.title = "this debate's map" + (config.updates ? ": curate it and save it to the store" : ", in the curation mode");
          td.append(link);
        } else {
          td.textContent = cellText(row[v]);
        }
        if (row[v] && row[v].type === "uri") td.className = "uri";
        if (numeric(row[v])) td.className = "number";
      });
    });
    const pager = el("div", undefined, "pager");
    const previous = el("button", "‹ previous"), next = el("button", "next ›");
    previous.disabled = state.page === 0;
    next.disabled = state.page >= pages - 1;
    previous.addEventListener("click", () => { state.page -= 1; showTable(); });
    next.addEventListener("click", () => { state.page += 1; showTable(); });
    pager.append(previous, el("span", " page " + (state.page + 1) + " of " + pages + " "), next);
    $("results").replaceChildren(table, pager, chart(rows));
  }
  // A bar chart when the result is labels with one count column (the named queries' tallies).
  function chart(rows) {
    const counts = state.vars.filter((v) => rows.length && rows.every((r) => !r[v] || numeric(r[v])));
    const labels = state.vars.filter((v) => !counts.includes(v));
    const figure = el("figure", undefined, "chart");
    if (counts.length !== 1 || !labels.length || rows.length > 40) return figure;
    const top = Math.max(1, ...rows.map((r) => Number(cellText(r[counts[0]]) || 0)));
    figure.append(el("figcaption", counts[0] + " by " + labels[0]));
    rows.forEach((r) => {
      const bar = el("div", undefined, "bar");
      const fill = el("span", cellText(r[counts[0]]));
      fill.style.width = (100 * Number(cellText(r[counts[0]]) || 0) / top) + "%";
      bar.append(el("span", labels.map((l) => cellText(r[l])).join(" → "), "label"), fill);
      figure.append(bar);
    });
    return figure;
  }

  // --- start: the link's tab, query and bindings ----------------------------------------------
  const start = new URLSearchParams(location.search);
  const bound = {};
  start.getAll("bind").forEach((pair) => { const at = pair.indexOf("="); if (at > 0) bound[pair.slice(0, at)] = pair.slice(at + 1); });
  const startTab = start.get("tab") || "custom";
  selectTab(startTab, start.has("query") ? start.get("query") : undefined, bound);
  if ((start.has("query") || start.has("tab")) && state.tab !== "update") run();
})();
