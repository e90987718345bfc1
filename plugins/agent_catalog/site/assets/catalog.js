/* Agent catalog: sortable, filterable catalog table whose state lives in the URL hash.
 *
 * Static and self-contained: no library, no network, so it works on GitHub Pages under any
 * subpath and from a folder opened with file://. Agent text is only ever read with textContent
 * and written with textContent: nothing from a page becomes HTML. Material's search stays the
 * site's search; this only narrows the table.
 *
 * Keyboard and screen readers: every control has a <label> (visually hidden: the placeholder and
 * the "Model: all" option show what each is), a sortable header holds a <button> and carries
 * aria-sort while the table is sorted by it, and the "N of M agents" count is a polite live
 * region, so a screen reader announces how many agents a filter leaves.
 *
 * The hash holds the view, e.g. #q=redis&model=Claude%20Opus&capability=Execute&sort=4&dir=desc;
 * the comparison pages link here with #tool=Read for "which agents list Read".
 */
(function () {
  "use strict";

  var FACETS = [
    { key: "format", label: "Format" },
    { key: "plugin", label: "Plugin" },
    { key: "model", label: "Model" },
    { key: "capability", label: "Capability" },
    { key: "reach", label: "Reach" },
    { key: "area", label: "Area" },
    { key: "tool", label: "Tool" }
  ];

  function readState() {
    var params = new URLSearchParams(window.location.hash.replace(/^#/, ""));
    var state = { q: params.get("q") || "", sort: params.get("sort"), dir: params.get("dir") };
    FACETS.forEach(function (f) { state[f.key] = params.get(f.key) || ""; });
    return state;
  }

  function writeState(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    FACETS.forEach(function (f) { if (state[f.key]) params.set(f.key, state[f.key]); });
    if (state.sort !== null && state.sort !== undefined && state.sort !== "") {
      params.set("sort", state.sort);
      params.set("dir", state.dir === "desc" ? "desc" : "asc");
    }
    var hash = params.toString();
    var url = window.location.href.split("#")[0] + (hash ? "#" + hash : "");
    try {
      window.history.replaceState(null, "", url);
    } catch (e) {
      window.location.hash = hash;
    }
  }

  function values(row, key) {
    var raw = row.getAttribute("data-" + key) || "";
    return raw ? raw.split("|") : [];
  }

  function cellValue(row, index) {
    var cell = row.cells[index];
    if (!cell) return "";
    var v = cell.getAttribute("data-value");
    return v !== null ? v : cell.textContent.trim();
  }

  var instances = 0;

  function labelled(control, text, bar) {
    // A real <label>: read by every screen reader, and clicking it focuses the control.
    var id = "ac-" + instances + "-" + (control.getAttribute("data-facet") || "q");
    control.id = id;
    var label = document.createElement("label");
    label.className = "ac-sr";
    label.htmlFor = id;
    label.textContent = text;
    bar.appendChild(label);
    bar.appendChild(control);
  }

  function setup(root) {
    if (root.getAttribute("data-ac-ready")) return;
    root.setAttribute("data-ac-ready", "1");
    instances += 1;
    var table = root.querySelector("table");
    if (!table || !table.tBodies.length) return;
    var body = table.tBodies[0];
    var rows = Array.prototype.slice.call(body.rows);
    var original = rows.slice();
    var headers = Array.prototype.slice.call(table.tHead.rows[0].cells);
    var state = readState();
    // what the table counts: the catalog's own word from the root (`skills`, `commands`)
    var noun = root.getAttribute("data-ac-catalog");
    if (noun !== "skills" && noun !== "commands") noun = "agents";

    var bar = document.createElement("div");
    bar.className = "ac-controls";
    var search = document.createElement("input");
    search.type = "search";
    search.className = "ac-filter";
    search.placeholder = "Filter " + noun + "…";
    search.value = state.q;
    labelled(search, "Filter " + noun + " by text", bar);

    var selects = {};
    FACETS.forEach(function (f) {
      var counts = {};
      rows.forEach(function (r) {
        values(r, f.key).forEach(function (v) { counts[v] = (counts[v] || 0) + 1; });
      });
      var names = Object.keys(counts).sort(function (a, b) {
        return counts[b] - counts[a] || a.localeCompare(b);
      });
      if (!names.length) return;
      var select = document.createElement("select");
      select.className = "ac-facet";
      select.setAttribute("data-facet", f.key);
      var all = document.createElement("option");
      all.value = "";
      all.textContent = f.label + ": all";
      select.appendChild(all);
      names.forEach(function (n) {
        var o = document.createElement("option");
        o.value = n;
        o.textContent = n + " (" + counts[n] + ")";
        select.appendChild(o);
      });
      select.value = state[f.key];
      if (select.value !== state[f.key]) state[f.key] = "";
      selects[f.key] = select;
      labelled(select, "Filter by " + f.label.toLowerCase(), bar);
    });

    var reset = document.createElement("button");
    reset.type = "button";
    reset.className = "ac-reset md-button";
    reset.textContent = "Clear";
    bar.appendChild(reset);
    var count = document.createElement("span");
    count.className = "ac-count";
    count.setAttribute("role", "status");
    count.setAttribute("aria-live", "polite");
    count.setAttribute("aria-atomic", "true");
    bar.appendChild(count);
    root.insertBefore(bar, root.firstChild);

    var text = rows.map(function (r) { return r.textContent.toLowerCase(); });

    headers.forEach(function (th, i) {
      if (!th.hasAttribute("data-ac-sort")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ac-sort";
      button.textContent = th.textContent;
      th.textContent = "";
      th.appendChild(button);
      button.addEventListener("click", function () {
        if (String(state.sort) === String(i)) {
          state.dir = state.dir === "asc" ? "desc" : "asc";
        } else {
          state.sort = String(i);
          state.dir = th.getAttribute("data-ac-sort") === "number" ? "desc" : "asc";
        }
        apply(true);
      });
    });

    function apply(save) {
      var q = state.q.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      rows.forEach(function (r, n) {
        var ok = q.every(function (w) { return text[n].indexOf(w) !== -1; });
        FACETS.forEach(function (f) {
          if (ok && state[f.key]) ok = values(r, f.key).indexOf(state[f.key]) !== -1;
        });
        r.hidden = !ok;
        if (ok) shown += 1;
      });
      var order = original.slice();
      var col = state.sort === null || state.sort === undefined ? NaN : parseInt(state.sort, 10);
      headers.forEach(function (th) { th.removeAttribute("aria-sort"); });
      if (!isNaN(col) && headers[col] && headers[col].hasAttribute("data-ac-sort")) {
        var numeric = headers[col].getAttribute("data-ac-sort") === "number";
        var sign = state.dir === "desc" ? -1 : 1;
        order.sort(function (a, b) {
          var x = cellValue(a, col), y = cellValue(b, col);
          var c = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0)
                          : x.localeCompare(y, undefined, { sensitivity: "base", numeric: true });
          return c * sign || original.indexOf(a) - original.indexOf(b);
        });
        headers[col].setAttribute("aria-sort", state.dir === "desc" ? "descending" : "ascending");
      }
      order.forEach(function (r) { body.appendChild(r); });
      count.textContent = shown + " of " + rows.length + " " + noun;
      if (save) writeState(state);
    }

    search.addEventListener("input", function () { state.q = search.value; apply(true); });
    Object.keys(selects).forEach(function (k) {
      selects[k].addEventListener("change", function () { state[k] = selects[k].value; apply(true); });
    });
    reset.addEventListener("click", function () {
      state = { q: "", sort: null, dir: null };
      FACETS.forEach(function (f) { state[f.key] = ""; if (selects[f.key]) selects[f.key].value = ""; });
      search.value = "";
      apply(true);
    });
    window.addEventListener("hashchange", function () {
      state = readState();
      search.value = state.q;
      Object.keys(selects).forEach(function (k) { selects[k].value = state[k]; });
      apply(false);
    });
    apply(false);
  }

  /* Copy buttons copy exactly the text they show: a `button.ac-copy` copies the text content
   * of the `pre.ac-command` in its own install block, read at the moment of the click. No
   * copied text is stored in an attribute (agent text could otherwise show one command and
   * copy another); the sanitiser strips Material's `data-clipboard-*` from generated pages. */
  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text);
    }
    return new Promise(function (resolve, reject) {
      var area = document.createElement("textarea");
      area.value = text;
      area.setAttribute("readonly", "");
      area.style.position = "fixed";
      area.style.opacity = "0";
      document.body.appendChild(area);
      area.select();
      var ok = false;
      try { ok = document.execCommand("copy"); } catch (e) { ok = false; }
      document.body.removeChild(area);
      if (ok) resolve(); else reject(new Error("copy refused"));
    });
  }

  function copiedText(button) {
    var block = button.closest(".ac-install");
    var shown = block && block.querySelector("pre.ac-command");
    return shown ? shown.textContent : null;
  }

  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.ac-copy") : null;
    if (!button) return;
    var text = copiedText(button);
    if (text === null) return;
    var label = button.getAttribute("data-ac-label") || button.textContent;
    button.setAttribute("data-ac-label", label);
    copyText(text).then(function () {
      button.textContent = "Copied";
    }, function () {
      button.textContent = "Select the command to copy it";
    });
    window.setTimeout(function () { button.textContent = label; }, 2000);
  });

  function init() {
    var roots = document.querySelectorAll("[data-ac-catalog]");
    Array.prototype.forEach.call(roots, setup);
  }

  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init); // Material's instant navigation
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
