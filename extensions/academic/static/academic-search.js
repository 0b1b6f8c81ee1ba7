/*
 * Tunes Sphinx's search page (searchtools.js) for this site; loaded on search.html only.
 *
 * - Words are split and folded as the index was built (academic/search.py): "C++", "C#" and
 *   numbers are words, accents are folded ("Frommgen" finds "Frömmgen").
 * - Numbers in the query are kept (Sphinx drops "2021"), and a page must contain every word of
 *   the query, short ones too ("AI", "ML").
 * - Ranking, highest first:
 *     1. a name equal to the query: a page's title, a project card or publication, a heading,
 *        an index entry;
 *     2. a name holding every word of the query, the shorter name first;
 *     3. pages whose text holds the words, by where: key fields and headings before body text.
 *   A place already listed above is not listed again (the page behind a card, a publication
 *   listed under the title of its own page).
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
  const split = (text) =>
    (text.normalize("NFC").match(WORD) || []).map((word) => {
      const bare = word.replace(/[+#]+$/, "");
      return bare.length > 1 ? bare : word; // "Notepad++" is "Notepad", "C++" stays
    });
  window.splitQuery = split; // searchtools.js calls splitQuery() by its global name

  const BaseStemmer = window.Stemmer;
  window.Stemmer = function () {
    const base = new BaseStemmer();
    this.stemWord = (word) => {
      const folded = fold(word);
      return /^\p{L}+$/u.test(folded) ? base.stemWord(folded) : folded;
    };
  };

  // --- the query: as Sphinx parses it, numbers kept ---------------------------------------------
  let current = { words: [], stems: [] }; // the query being answered, for the scorer

  Search._parseQuery = (query) => {
    const stemmer = new Stemmer();
    const searchTerms = new Set();
    const excludedTerms = new Set();
    const highlightTerms = new Set();
    const objectTerms = new Set(splitQuery(query.toLowerCase().trim()));
    splitQuery(query.trim()).forEach((queryTerm) => {
      const queryTermLower = queryTerm.toLowerCase();
      if (stopwords.has(fold(queryTermLower))) return; // unlike Sphinx, keep numbers
      const word = stemmer.stemWord(queryTermLower);
      if (word[0] === "-") excludedTerms.add(word.substr(1));
      else {
        searchTerms.add(word);
        highlightTerms.add(queryTermLower);
      }
    });
    if (typeof SPHINX_HIGHLIGHT_ENABLED !== "undefined" && SPHINX_HIGHLIGHT_ENABLED)
      localStorage.setItem("sphinx_highlight_terms", [...highlightTerms].join(" "));
    current = { words: split(query).map(fold), stems: [...searchTerms] };
    return [query, searchTerms, excludedTerms, highlightTerms, objectTerms];
  };

  // --- matching and ranking ---------------------------------------------------------------------
  const owns = (map, key) => Object.prototype.hasOwnProperty.call(map, key);
  const holds = (map, key, file) => owns(map, key) && [].concat(map[key]).includes(file);
  const keyLists = new WeakMap();
  const keysOf = (map) => {
    if (!keyLists.has(map)) keyLists.set(map, Object.keys(map));
    return keyLists.get(map);
  };

  // For a name that equals the query, and a bonus for a name holding all its words, by kind.
  const EXACT = { page: 110, object: 108, title: 106, index: 104 };
  const BONUS = { page: 3, object: 2, title: 1, index: 0 };
  // Text matches, per word: key field or heading, body text, and the same for part of a word.
  const FIELD = { title: 15, text: 5, partialTitle: 7, partialText: 2 };

  const nameScore = (name, kind) => {
    const words = current.words;
    if (!words.length) return null;
    const nameWords = split(name).map(fold);
    const query = words.join(" ");
    const whole = nameWords.join(" ");
    if (whole === query) return EXACT[kind];
    if (words.every((w) => nameWords.some((n) => n.startsWith(w))))
      return 50 + (30 * query.length) / Math.max(whole.length, 1) + BONUS[kind];
    return null;
  };

  const fieldScore = (file, stem) => {
    const { terms, titleterms } = Search._index;
    if (holds(titleterms, stem, file)) return FIELD.title;
    if (holds(terms, stem, file)) return FIELD.text;
    if (stem.length < 3) return 0;
    const inside = (map) => keysOf(map).some((k) => k.includes(stem) && holds(map, k, file));
    if (inside(titleterms)) return FIELD.partialTitle;
    return inside(terms) ? FIELD.partialText : 0;
  };

  // Every word must be on the page. Sphinx lets a page through that has only the words of three
  // letters or more (short words used to be unindexed), or only the short ones.
  const termsSearch = Search.performTermsSearch;
  Search.performTermsSearch = (searchTerms, excludedTerms) => {
    const { docnames } = Search._index;
    return termsSearch(searchTerms, excludedTerms).filter((result) => {
      const file = docnames.indexOf(result[0]);
      return [...searchTerms].every((stem) => fieldScore(file, stem) > 0);
    });
  };

  Scorer.score = (result) => {
    const [docname, title, anchor, , score, , kind] = result;
    const { docnames, titles } = Search._index;
    const file = docnames.indexOf(docname);
    const pageTitle = titles[file] || "";
    switch (kind) {
      case "object":
        return nameScore(title, "object") ?? 3; // only inside words ("ai" in "Gemini"): weak
      case "title": {
        const heading = title === pageTitle ? title : title.slice(pageTitle.length + 3);
        const named = nameScore(heading, anchor ? "title" : "page");
        return named ?? 4;
      }
      case "index": // Sphinx scores 100 × query length / entry length
        return score >= 100 ? EXACT.index : 50 + 0.3 * score;
      case "text": {
        const named = nameScore(pageTitle, "page");
        if (named !== null) return named;
        const stems = current.stems;
        if (!stems.length) return score;
        return stems.reduce((sum, stem) => sum + fieldScore(file, stem), 0) / stems.length;
      }
      default:
        return score;
    }
  };

  // --- one place, one result --------------------------------------------------------------------
  const performSearch = Search._performSearch;
  Search._performSearch = (...args) => {
    // Results come lowest first (searchtools.js shows them with pop()).
    const results = performSearch(...args).reverse();
    const places = new Set();
    const pages = new Set();
    const names = new Set();
    const kept = results.filter(([docname, title, anchor, , , , kind]) => {
      const place = docname + anchor;
      const duplicate =
        places.has(place)
        || (kind === "text" && pages.has(docname))
        || (kind === "object" && names.has(title));
      places.add(place);
      pages.add(docname);
      names.add(title);
      return !duplicate;
    });
    return kept.reverse();
  };

  // An index entry's target is an empty element: Sphinx would append a null summary and throw.
  const makeSearchSummary = Search.makeSearchSummary;
  Search.makeSearchSummary = (htmlText, keywords, anchor) =>
    makeSearchSummary(htmlText, keywords, anchor)
    || makeSearchSummary(htmlText, keywords, "")
    || document.createTextNode("");
})();
