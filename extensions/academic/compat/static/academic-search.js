/*
 * Tunes Sphinx's search page (searchtools.js) for this site; loaded on search.html only.
 *
 * - Words are split and folded as the index was built (academic/search.py): "C++", "C#" and
 *   numbers are words, accents are folded ("Frommgen" finds "Frömmgen"). An apostrophe ends a
 *   word, and the letter after it ("Lovelace's") is not a word of the query.
 * - Numbers in the query are kept (Sphinx drops "2021"), and a page must contain every word of
 *   the query, short ones too ("AI", "ML"), whole or as the start of a word ("synth"), never
 *   inside one.
 * - Ranking, highest first:
 *     1. a thing (a page, a project card) whose name is the query;
 *     2. a thing whose name holds every word of the query, the shorter name first;
 *     3. a heading or an index entry that is the query, then one holding all its words;
 *     4. pages whose text holds the words: key fields and headings before body text.
 *   Pages whose front matter says `search_rank: last` (the site's own documentation) come
 *   after all others.
 * - One result per thing: a paper's entry in a list (its publication object, its index entries)
 *   is shown as the paper's own page; a place already listed above is not listed again.
 * - The results are shown at once, with their number; each one's snippet comes from the page's
 *   prose, centred on the first word of the query it holds, its words highlighted whole; the
 *   title names the section the snippet is from. Snippets are fetched as results scroll into
 *   view. ↑ and ↓ move through the results from the search box, Enter opens one.
 */
(() => {
  "use strict";
  if (typeof Search === "undefined" || typeof Scorer === "undefined") return;

  // --- words: the same as academic/search.py ----------------------------------------------------
  const FOLD = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i" };
  const WORD = /[\p{L}\p{N}_]+(?:\+\+|#)?/gu;
  const fold = (word) =>
    word
      .normalize("NFKD")
      .toLowerCase()
      .normalize("NFKD")
      .replace(/\p{M}/gu, "")
      .replace(/[ßæœøłđðþı]/g, (c) => FOLD[c]);
  const bareWord = (word) => {
    const bare = word.replace(/[+#]+$/, "");
    return bare.length > 1 ? bare : word; // "Notepad++" is "Notepad", "C++" stays
  };
  const split = (text) => (text.normalize("NFC").match(WORD) || []).map(bareWord);
  window.splitQuery = split; // searchtools.js calls splitQuery() by its global name

  const BaseStemmer = window.Stemmer;
  window.Stemmer = function () {
    const base = new BaseStemmer();
    this.stemWord = (word) => {
      const folded = fold(word);
      return /^\p{L}+$/u.test(folded) ? base.stemWord(folded) : folded;
    };
  };
  const stemmer = new Stemmer();
  const stems = new Map();
  const stem = (word) => {
    if (!stems.has(word)) stems.set(word, stemmer.stemWord(word));
    return stems.get(word);
  };

  /** The words of a query: as the index splits them, without the "s" of "Lovelace's". */
  const queryWords = (query) => {
    const text = query.normalize("NFC");
    const words = [];
    for (const match of text.matchAll(WORD)) {
      const before = text.slice(Math.max(match.index - 2, 0), match.index);
      if (match[0].length === 1 && /\p{L}['’]$/u.test(before)) continue;
      words.push(bareWord(match[0]));
    }
    return words;
  };

  // --- the query: as Sphinx parses it, numbers kept ---------------------------------------------
  let current = { words: [], stems: [] }; // the query being answered: folded words, their stems

  Search._parseQuery = (query) => {
    const searchTerms = new Set();
    const excludedTerms = new Set();
    const highlightTerms = new Set();
    const objectTerms = new Set(queryWords(query.toLowerCase().trim()));
    queryWords(query.trim()).forEach((queryTerm) => {
      const queryTermLower = queryTerm.toLowerCase();
      if (stopwords.has(fold(queryTermLower))) return; // unlike Sphinx, keep numbers
      const word = stem(queryTermLower);
      if (word[0] === "-") excludedTerms.add(word.substr(1));
      else {
        searchTerms.add(word);
        highlightTerms.add(queryTermLower);
      }
    });
    if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED)
      localStorage.setItem("sphinx_highlight_terms", [...highlightTerms].join(" "));
    const words = queryWords(query).map(fold).filter((w) => !stopwords.has(w));
    current = { words, stems: [...searchTerms] };
    return [query, searchTerms, excludedTerms, highlightTerms, objectTerms];
  };

  /** Whether a word of a text is one of the query's: the same word, or the same stem. */
  const isQueryWord = (word) => {
    const folded = fold(bareWord(word)).replace(/^(\d{4})[a-z]$/, "$1"); // "2021b" is 2021
    return current.words.includes(folded) || current.stems.includes(stem(folded))
      // A word begun by the query ("synth": "synthesis"); not a key ("lovelace1843notes").
      || (/^\p{L}+$/u.test(folded) && current.stems.some((s) => s.length >= 3
        && folded.startsWith(s)));
  };

  // --- matching and ranking ---------------------------------------------------------------------
  const owns = (map, key) => Object.prototype.hasOwnProperty.call(map, key);
  // A word's files as a set, once per query: a common word is on thousands of pages.
  let fileSets = new Map();
  const holds = (map, key, file) => {
    if (!owns(map, key)) return false;
    const id = (map === Search._index.terms ? "t:" : "T:") + key;
    if (!fileSets.has(id)) fileSets.set(id, new Set([].concat(map[key])));
    return fileSets.get(id).has(file);
  };
  let fileOf = new Map(); // docname → its number in the index
  // "titleterms:stem" → files holding a word that starts with the stem ("synth": "synthesis").
  // Not inside a word: "imo" is no match for "multimodal".
  let partials = new Map();

  const partialFiles = (name, stemmed) => {
    const id = `${name}:${stemmed}`;
    if (!partials.has(id)) {
      const map = Search._index[name];
      const files = new Set();
      for (const key of Object.keys(map))
        if (key.startsWith(stemmed)) [].concat(map[key]).forEach((f) => files.add(f));
      partials.set(id, files);
    }
    return partials.get(id);
  };

  // Text matches, per word: key field or heading, body text, and the same for part of a word.
  const FIELD = { title: 15, text: 5, partialTitle: 7, partialText: 2 };
  const fieldScore = (file, stemmed) => {
    const { terms, titleterms } = Search._index;
    if (holds(titleterms, stemmed, file)) return FIELD.title;
    if (holds(terms, stemmed, file)) return FIELD.text;
    if (stemmed.length < 3) return 0;
    if (partialFiles("titleterms", stemmed).has(file)) return FIELD.partialTitle;
    return partialFiles("terms", stemmed).has(file) ? FIELD.partialText : 0;
  };

  // Tiers, highest first (see the top of this file); within a tier, the shorter name first.
  const TIER = { thing: 1000, thingWords: 900, place: 800, placeWords: 700, text: 300 };

  /** "exact" if a name is the query, "words" if it holds every word of it, else null. */
  // A name's folded words and their stems, once: thousands of names are looked at per query.
  const names = new Map();
  const nameWordsOf = (name) => {
    if (!names.has(name)) {
      const words = split(name).map(fold);
      names.set(name, { words, joined: words.join(" "), stems: null });
    }
    return names.get(name);
  };

  const nameMatch = (name) => {
    const words = current.words;
    if (!words.length) return null;
    const named = nameWordsOf(name);
    const { words: nameWords, joined } = named;
    if (joined === words.join(" ")) return { exact: true, length: nameWords.length };
    const stemmed = () => (named.stems ??= new Set(nameWords.map(stem))); // only when needed
    const all = words.every((w) => nameWords.includes(w) || stemmed().has(stem(w)));
    return all ? { exact: false, length: nameWords.length } : null;
  };
  const nameScore = (name, exact, some) => {
    const match = nameMatch(name);
    if (match === null) return null;
    if (match.exact) return exact;
    return some + (50 * current.words.length) / Math.max(match.length, 1);
  };

  const textScore = (file) => {
    const named = nameScore(Search._index.titles[file] || "", TIER.thing, TIER.thingWords);
    if (named !== null) return named;
    const stemsOf = current.stems;
    if (!stemsOf.length) return TIER.text;
    const sum = stemsOf.reduce((total, s) => total + fieldScore(file, s), 0);
    return TIER.text + (10 * sum) / stemsOf.length;
  };

  // Every word must be on the page. Sphinx lets a page through that has only the words of three
  // letters or more (short words used to be unindexed), or only the short ones.
  const termsSearch = Search.performTermsSearch;
  Search.performTermsSearch = (searchTerms, excludedTerms) =>
    termsSearch(searchTerms, excludedTerms).filter((result) => {
      const file = fileOf.get(result[0]);
      return [...searchTerms].every((s) => fieldScore(file, s) > 0);
    });

  const NONE = -1; // a result that matched only inside a word ("ai" in "Gemini"): not shown
  // Pages marked `search_rank: last` (the site's own documentation) come after every other
  // page: their scores shrink below the lowest tier, keeping their order among themselves.
  const form = document.querySelector(".academic-search-form");
  const last = new Set(JSON.parse(form?.dataset.searchLast || "[]"));
  const rankedScore = (result) => {
    const score = tierScore(result);
    return last.has(result[0]) && score > NONE ? score / 10 : score;
  };
  const tierScore = (result) => {
    const [docname, title, anchor, , score, , kind] = result;
    const file = fileOf.get(docname);
    const pageTitle = Search._index.titles[file] || "";
    switch (kind) {
      case "object": // a project card: a thing of its own
        return nameScore(title, TIER.thing, TIER.thingWords) ?? NONE;
      case "title": {
        if (!anchor) return textScore(file);
        const heading = title.slice(pageTitle.length + 3);
        return nameScore(heading, TIER.place, TIER.placeWords) ?? NONE;
      }
      case "index": {
        const entry = result.entry ?? "";
        return nameScore(entry, TIER.place, TIER.placeWords) ?? NONE;
      }
      case "text":
        return textScore(file);
      default:
        return score;
    }
  };
  Scorer.score = rankedScore;

  // --- one thing, one result --------------------------------------------------------------------
  // A page's title → the page (the first of pages with the same title).
  let pageTitled = new Map();

  /** An object (a paper's entry in a list) moved to the page of the same name: its own page. */
  const ownPage = (result) => {
    const [docname, name, , , , , kind] = result;
    const file = kind === "object" ? pageTitled.get(name) : undefined;
    if (file === undefined || Search._index.docnames[file] === docname) return result;
    const { docnames, titles, filenames } = Search._index;
    return [docnames[file], titles[file], "", null, 0, filenames[file], "text"];
  };

  // Sphinx's index entries do not carry the entry that matched: note it on the result.
  const indexEntries = (queryLower) => {
    const found = [];
    for (const [entry, targets] of Object.entries(Search._index.indexentries))
      if (entry.includes(queryLower) && queryLower.length >= entry.length / 2)
        for (const [file, id] of targets) found.push([file, id ? `#${id}` : "", entry]);
    return found;
  };

  Search._performSearch = (query, searchTerms, excludedTerms, highlightTerms, objectTerms) => {
    const { docnames, titles, filenames } = Search._index;
    fileOf = new Map(docnames.map((name, file) => [name, file]));
    if (!pageTitled.size)
      pageTitled = new Map(titles.map((title, file) => [title, file]).reverse());
    partials = new Map();
    fileSets = new Map();
    const candidates = [];
    const queryLower = query.toLowerCase().trim();
    for (const [title, found] of Object.entries(Search._index.alltitles)) {
      const lower = title.toLowerCase().trim();
      if (!(lower.includes(queryLower) && queryLower.length >= title.length / 2)) continue;
      for (const [file, id] of found) {
        const isPage = titles[file] === title && !id;
        candidates.push([docnames[file], isPage ? title : `${titles[file]} › ${title}`,
          id ? `#${id}` : "", null, 0, filenames[file], "title"]);
      }
    }
    for (const [file, anchor, entry] of indexEntries(queryLower)) {
      const result = [docnames[file], titles[file], anchor, null, 0, filenames[file], "index"];
      result.entry = entry;
      candidates.push(result);
    }
    objectTerms.forEach((term) =>
      candidates.push(...Search.performObjectSearch(term, objectTerms)));
    candidates.push(...Search.performTermsSearch(searchTerms, excludedTerms));

    // An object or an index entry matched inside a word ("imo" in "Multimodal") is no match.
    const named = (result) =>
      !["object", "index"].includes(result[6]) || nameMatch(result.entry ?? result[1]) !== null;
    const scored = candidates.filter(named).map(ownPage).map((result) => {
      result[4] = Scorer.score(result);
      return result;
    });
    const best = scored
      .filter((result) => result[4] > NONE)
      .sort((a, b) => b[4] - a[4] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
    const listed = { places: new Set(), pages: new Set(), names: new Set() };
    return best.filter(([docname, title, anchor, , , , kind]) => {
      const place = docname + anchor;
      const duplicate =
        listed.places.has(place)
        || (kind === "text" && listed.pages.has(docname))
        || (kind === "object" && listed.names.has(title));
      listed.places.add(place);
      listed.pages.add(docname);
      listed.names.add(title);
      return !duplicate;
    });
  };

  // --- the results page -------------------------------------------------------------------------
  /** Text as a reader sees it: an entity in the index ("&#x27;") becomes its character. */
  const plain = (text) =>
    /&[#\w]+;/.test(text)
      ? new DOMParser().parseFromString(text, "text/html").documentElement.textContent
      : text;

  const address = (docname) => {
    const root = document.documentElement.dataset.content_root;
    if (DOCUMENTATION_OPTIONS.BUILDER === "dirhtml") {
      if (docname === "index") return root;
      return root + docname.replace(/(^|\/)index$/, "$1").replace(/([^/])$/, "$1/");
    }
    return root + docname + DOCUMENTATION_OPTIONS.FILE_SUFFIX;
  };

  const status = () => document.querySelector("#search-results .search-summary");
  let shown = ""; // the query whose results are shown

  /** The number of results, said in the status line. */
  const count = () => {
    const number = list().children.length;
    status().textContent = number
      ? Documentation.ngettext("One result for “${query}”", "${count} results for “${query}”",
        number).replace("${count}", number).replace("${query}", shown)
      : Documentation.gettext("Nothing on this site matches “${query}”. Check the spelling, "
        + "or try fewer words.").replace("${query}", shown);
  };
  const list = () => document.querySelector("#search-results ul.search");

  Search.performSearch = (query) => {
    const out = document.getElementById("search-results");
    const summary = document.createElement("p");
    summary.classList.add("search-summary");
    summary.setAttribute("role", "status");
    const results = document.createElement("ul");
    results.setAttribute("role", "list");
    results.classList.add("search");
    out.replaceChildren(summary, results);
    out.setAttribute("aria-busy", "true");
    if (Search.hasIndex()) Search.query(query);
    else Search.deferQuery(query);
  };

  Search.query = (query) => {
    const parsed = Search._parseQuery(query);
    const results = Search._performSearch(...parsed);
    const items = results.map(([docname, title, anchor, , score, , kind]) => {
      const item = document.createElement("li");
      item.classList.add(`kind-${kind}`);
      const link = item.appendChild(document.createElement("a"));
      link.href = address(docname) + anchor;
      link.dataset.score = score;
      link.textContent = plain(title);
      item.dataset.docname = docname;
      // The snippet's place, kept for it: a snippet arriving must not push the results below.
      if (DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY)
        item.appendChild(document.createElement("p")).classList.add("context");
      return item;
    });
    list().replaceChildren(...items);
    shown = query.trim();
    count();
    document.getElementById("search-results").removeAttribute("aria-busy");
    summarizeWhenSeen(items);
  };

  // --- snippets ---------------------------------------------------------------------------------
  // Blocks of prose a snippet is taken from, and what is not prose (metadata, code, links).
  const PROSE = "p, li, dt, dd, h2, h3, h4, h5, h6, figcaption, blockquote, td, th, "
    + "div.academic-authors"; // a long author list is a <div>: its folded names are in a <details>
  const NOT_PROSE = ".headerlink, script, style, pre, .academic-links, details.academic-bibtex, "
    + ".academic-back, nav, .toctree-wrapper";
  // On a paper's page, its summary and authors come first, its venue line later; a paper's entry
  // in a list or a card later still (the paper or project is a result of its own), the page's
  // title last (shown already, and a snippet only when nothing else holds the words).
  const FIRST = [".academic-paper > .academic-summary", ".academic-paper > .academic-authors"];
  const LATER = [".academic-paper > .academic-venue", ".academic-entry *", ".academic-card *"];
  const TITLE = "h1";
  // Characters before and after the first word found: at most three lines are shown
  // (academic-search.css), and on a phone the word is on the second.
  const CONTEXT = { before: 60, after: 180 };
  const SHORT = 40; // characters: a block this short is a name, not a sentence

  const pages = new Map(); // address → Promise of the parsed page
  const fetchPage = (url) => {
    if (!pages.has(url))
      pages.set(url, fetch(url)
        .then((response) => (response.ok ? response.text() : ""))
        .then((html) => new DOMParser().parseFromString(html, "text/html"))
        .catch(() => null));
    return pages.get(url);
  };

  const blocksOf = (root) => {
    root.querySelectorAll(NOT_PROSE).forEach((el) => el.remove());
    const blocks = [...root.querySelectorAll(`${PROSE}, ${TITLE}`)]
      .filter((el) => !el.querySelector(PROSE) && el.textContent.trim());
    if (root.matches(PROSE) && !blocks.length) blocks.push(root);
    const rank = (el) =>
      el.matches(TITLE) ? 3
      : FIRST.some((s) => el.matches(s)) ? 0
      : LATER.some((s) => el.matches(s)) ? 2 : 1;
    return blocks.map((el, i) => [rank(el), i, el]).sort((a, b) => a[0] - b[0] || a[1] - b[1])
      .map(([, , el]) => el);
  };

  /** Where in a page a result's snippet is looked for: its section, card or index target. */
  const scope = (doc, anchor) => {
    const main = doc.querySelector('[role="main"]');
    if (!main || !anchor) return main;
    const target = main.querySelector(`[id="${CSS.escape(anchor.slice(1))}"]`);
    if (!target) return main;
    if (target.textContent.trim()) return target;
    // An index entry's target is an empty element before the paragraph it is about.
    return target.nextElementSibling || target.parentElement || main;
  };

  /** How many of the query's words a text holds. */
  const wordsIn = (text) => {
    const found = new Set();
    for (const [word] of text.matchAll(WORD)) {
      if (!isQueryWord(word)) continue;
      const folded = fold(bareWord(word));
      found.add(current.stems.findIndex((s) => folded.startsWith(s) || stem(folded) === s));
    }
    return found.size;
  };

  /** The first query word in a text, or -1. */
  const firstMatch = (text) => {
    for (const match of text.matchAll(WORD)) if (isQueryWord(match[0])) return match.index;
    return -1;
  };

  /** A window of whole words around position ``at``, with "…" where it cuts the text. */
  const window_ = (text, at) => {
    let start = Math.max(at - CONTEXT.before, 0);
    let end = Math.min(at + CONTEXT.after, text.length);
    if (start > 0) start = text.indexOf(" ", start) + 1 || at;
    if (start > at) start = at;
    if (end < text.length) {
      const space = text.lastIndexOf(" ", end);
      if (space > at) end = space;
    }
    return [start, end];
  };

  /** The snippet's paragraph: the text with the query's words highlighted, whole. */
  const snippet = (text) => {
    const at = Math.max(firstMatch(text), 0);
    const [start, end] = window_(text, at);
    const part = text.slice(start, end);
    const paragraph = document.createElement("p");
    paragraph.classList.add("context");
    if (start > 0) paragraph.append("…");
    let last = 0;
    for (const match of part.matchAll(WORD)) {
      if (!isQueryWord(match[0])) continue;
      paragraph.append(part.slice(last, match.index));
      const mark = paragraph.appendChild(document.createElement("span"));
      mark.classList.add("highlighted");
      mark.textContent = match[0];
      last = match.index + match[0].length;
    }
    paragraph.append(part.slice(last));
    if (end < text.length) paragraph.append("…");
    return paragraph;
  };

  const clean = (el) => el.textContent.replace(/\s+/g, " ").trim();

  /** The heading of the section a block is in, unless it is the page's own title. */
  const sectionOf = (block) => {
    for (let section = block.closest("section"); section;
      section = section.parentElement?.closest("section")) {
      const heading = section.querySelector(":scope > h2, :scope > h3, :scope > h4");
      if (heading) return { id: section.id, title: clean(heading).replace(/\s*¶$/, "") };
    }
    return null;
  };

  const summarize = async (item) => {
    const link = item.querySelector("a");
    const [url, anchor] = [link.href.split("#")[0], link.hash];
    const doc = await fetchPage(url);
    let root = doc && scope(doc.cloneNode(true), anchor);
    let blocks = root ? blocksOf(root) : [];
    if (root && !blocks.some((el) => firstMatch(clean(el)) >= 0)) {
      // An index entry's paragraph may not hold the words its section's heading does.
      root = doc.cloneNode(true).querySelector('[role="main"]');
      blocks = root ? blocksOf(root) : [];
    }
    if (root) {
      // The block holding the most of the query's words, the first of those.
      const held = blocks.map((el) => wordsIn(clean(el)));
      const most = Math.max(0, ...held);
      // Found by its text, not its title.
      const byText = ["kind-text", "kind-index"].some((k) => item.classList.contains(k))
        && link.dataset.score < TIER.thingWords;
      // Found by its title: the title and the prose that follows it.
      const title = byText ? null : blocks.find((el) => el.matches(TITLE) && wordsIn(clean(el)));
      const block = title || (most ? blocks[held.indexOf(most)] : blocks[0]);
      if (block && byText && listedElsewhere(block, url)) {
        // The page holds the words only in a paper's entry, and the paper's page is listed.
        item.remove();
        count();
        return;
      }
      if (block) {
        item.querySelector("p.context").replaceWith(snippet(withContext(block, blocks)));
        // Say which section the words are in, and go there.
        const section = byText && sectionOf(block);
        if (section && section.id) {
          link.textContent += ` › ${section.title}`;
          link.hash = section.id;
        }
      }
    }
    item.dataset.snippet = "done";
  };

  /** A heading or a short block (a card's name) with the prose that follows it. */
  const withContext = (block, blocks) => {
    const text = clean(block);
    if (text.length >= SHORT && !block.matches("h1, h2, h3, h4, h5, h6")) return text;
    const after = (el) => block.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING;
    const next = blocks.find((el) => el !== block && after(el) && clean(el).length >= SHORT);
    return next ? `${text} — ${clean(next)}` : text;
  };

  /** Whether a block is in a paper's entry in a list whose own page is among the results. */
  const listedElsewhere = (block, url) => {
    const title = block.closest(".academic-entry")?.querySelector(".academic-title a[href]");
    if (!title || firstMatch(clean(block)) < 0) return false;
    const paper = new URL(title.getAttribute("href"), url).href;
    return [...list().querySelectorAll(":scope > li > a")].some((a) => a.href === paper);
  };

  const summarizeWhenSeen = (items) => {
    if (!DOCUMENTATION_OPTIONS.SHOW_SEARCH_SUMMARY) return;
    if (!("IntersectionObserver" in window)) {
      items.forEach(summarize);
      return;
    }
    const observer = new IntersectionObserver((entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting) continue;
        observer.unobserve(entry.target);
        summarize(entry.target);
      }
    }, { rootMargin: "400px 0px" });
    items.forEach((item) => observer.observe(item));
  };

  // --- a query begun before this file ran -------------------------------------------------------
  // On furo's search page (templates/search.html) this file runs after searchtools.js, which
  // has begun the address's query with Sphinx's own layout (its "Searching" heading); the index
  // comes after this file and runs the query. Begin it again with this layout, and stop
  // Sphinx's "Searching..." dots, whose element is gone.
  const begun = new URLSearchParams(window.location.search).get("q");
  if (begun && !Search.hasIndex() && document.querySelector("#search-results > h2")) {
    Search.stopPulse();
    Search.performSearch(begun);
  }

  // --- keyboard: ↑ and ↓ through the results, from the search box -------------------------------
  document.addEventListener("keydown", (event) => {
    if (!["ArrowDown", "ArrowUp"].includes(event.key) || event.altKey || event.ctrlKey
      || event.metaKey || event.shiftKey) return;
    const box = document.querySelector(".academic-search-form input[name='q']");
    const links = [...document.querySelectorAll("#search-results ul.search > li > a")];
    const at = links.indexOf(document.activeElement);
    if (document.activeElement !== box && at < 0) return;
    event.preventDefault();
    const next = event.key === "ArrowDown" ? Math.min(at + 1, links.length - 1) : at - 1;
    if (next >= 0 && links[next]) links[next].focus();
    else if (box) box.focus();
  });
})();
