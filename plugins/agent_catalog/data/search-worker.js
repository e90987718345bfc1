/* Agent catalog: Material for MkDocs' search worker, answered by Pagefind.
 *
 * Material's page script talks to its search worker with four messages (SETUP, READY, QUERY,
 * RESULT; `integrations/search/worker/message` in Material's sources) and renders whatever the
 * worker returns: the header box, the `/` shortcut, keyboard navigation, result list and the
 * `?h=` highlighting on the opened page all stay Material's. This file takes the worker's
 * place and answers QUERY from the Pagefind index written beside the site, which is split into
 * chunks fetched on demand: a query loads a few of them instead of one index of every page.
 *
 * Material inserts a result's title and text as HTML. Everything taken from the index (page
 * titles and excerpts: agent text) is therefore escaped here, at this one place, and the only
 * markup added back is `<mark>` around the words Pagefind matched.
 *
 * `__AC_SITE_ROOT__` is replaced at build time by the path from this file to the site root.
 */
"use strict";

var SITE_ROOT = new URL("__AC_SITE_ROOT__", self.location.href);
var MAX_RESULTS = 30;
var FIRST_RESULTS = 3;
var SECTIONS_PER_PAGE = 4;
var SETUP = 0, READY = 1, QUERY = 2, RESULT = 3;

var pagefind = null;
var latest = 0;

function load() {
  if (!pagefind) {
    pagefind = import(new URL("pagefind/pagefind.js", SITE_ROOT).href).then(function (pf) {
      return pf.options({
        basePath: new URL("pagefind/", SITE_ROOT).pathname,
        baseUrl: "/",
        excerptLength: 24
      }).then(function () { return pf; });
    });
    pagefind.catch(function () { pagefind = null; }); // a failed fetch is tried again next query
  }
  return pagefind;
}

function escapeText(text) {
  return String(text)
    .replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
}

/* Pagefind's excerpts are page text with `<` and `>` written as entities and `<mark>` around
 * matches: undo its entities, escape the text fully, put the marks back. */
function safeExcerpt(excerpt) {
  return String(excerpt || "").split(/(<\/?mark>)/).map(function (part) {
    if (part === "<mark>" || part === "</mark>") return part;
    return escapeText(part.replace(/&lt;/g, "<").replace(/&gt;/g, ">"));
  }).join("");
}

function paragraph(excerpt) {
  var html = safeExcerpt(excerpt);
  return html ? "<p>" + html + "</p>" : "";
}

/* Result URLs come as `/path/` from the site root: Material resolves them against its base. */
function relative(url) {
  return String(url || "").replace(/^\/+/, "");
}

function terms(query) {
  var out = {};
  query.toLowerCase().split(/[\s\-,.:;!?()"']+/).forEach(function (w) {
    if (w) out[w] = true;
  });
  return out;
}

function toGroup(data, score, found) {
  var page = {
    location: relative(data.url),
    title: escapeText((data.meta && data.meta.title) || data.url),
    text: paragraph(data.excerpt),
    score: score,
    terms: found
  };
  var sections = (data.sub_results || [])
    .filter(function (s) { return s.url && s.url.indexOf("#") !== -1; })
    .slice(0, SECTIONS_PER_PAGE)
    .map(function (s, i) {
      return {
        location: relative(s.url),
        title: escapeText(s.title || ""),
        text: paragraph(s.excerpt),
        score: score * 0.5 / (i + 1), // below the page: listed under "more on this page"
        terms: found
      };
    });
  return [page].concat(sections);
}

/* Answers `query` in stages: a RESULT message with the best FIRST_RESULTS as soon as their
 * fragments (one small file per result shown) arrive, then one with up to MAX_RESULTS. A query
 * typed over by a newer one stops as soon as that is known, so fast typing never queues
 * fetches for stale words. */
function answer(query, ticket) {
  var q = String(query || "").trim();
  var stale = function () { return ticket !== latest; };
  if (!q) return Promise.resolve(post(ticket, []));
  return load().then(function (pf) {
    return stale() ? null : pf.search(q);
  }).then(function (search) {
    if (!search || stale()) return null;
    var hits = (search.results || []).slice(0, MAX_RESULTS);
    var found = terms(q);
    var datas = [];
    var suggest = null;
    var stage = function (upto) {
      var next = hits.slice(datas.length, upto);
      return Promise.all(next.map(function (hit) { return hit.data(); })).then(function (more) {
        if (stale()) return false;
        datas = datas.concat(more);
        if (suggest === null) suggest = suggestion(q, datas) || "";
        post(ticket, datas.map(function (data, i) {
          return toGroup(data, hits[i].score || 1, found);
        }), suggest);
        return datas.length < hits.length;
      });
    };
    return stage(FIRST_RESULTS).then(function (more) { return more && stage(MAX_RESULTS); });
  });
}

function post(ticket, items, suggest) {
  var data = { items: items };
  if (suggest) data.suggest = [suggest];
  if (ticket === latest) postMessage({ type: RESULT, data: data });
}

/* For Material's `search.suggest`: the query with its last word completed by the first longer
 * word the best result matched ("kube" -> "kubernetes"). */
function suggestion(query, datas) {
  var words = query.split(/([\s-]+)/);
  var last = words[words.length - 1];
  if (!last) return null;
  var html = datas.length ? String(datas[0].excerpt || "") : "";
  var re = /<mark>([^<]*)<\/mark>/g, m;
  while ((m = re.exec(html))) {
    var word = m[1].replace(/^[^\w]+|[^\w]+$/g, "");
    if (word.length > last.length && word.toLowerCase().indexOf(last.toLowerCase()) === 0) {
      words[words.length - 1] = last + word.slice(last.length).toLowerCase();
      return words.join("");
    }
  }
  return null;
}

addEventListener("message", function (ev) {
  var message = ev.data || {};
  if (message.type === SETUP) {
    // Material's index holds no documents here. Pagefind's script, its WebAssembly and the
    // index's table of chunks (about 170 KB at 5,000 agents, cached by the browser afterwards)
    // load now, so that the first query only fetches the chunks and fragments it needs.
    postMessage({ type: READY });
    load().then(function (pf) { return pf.init(); }).catch(function () { pagefind = null; });
  } else if (message.type === QUERY) {
    var ticket = ++latest;
    answer(message.data, ticket).catch(function (err) {
      console.warn("agent-catalog search:", err);
      post(ticket, []);
    });
  }
});
