/*
 * Tunes Sphinx's search page (searchtools.js) for this site; loaded on search.html only.
 *
 * - Words are split (by the search language's splitQuery, in language_data.js) and folded as
 *   the index was built (academic/search/tuning.py): "C++", "C#" and
 *   numbers are words, accents are folded ("Gödel" finds "Godel"). An apostrophe ends a
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
 * - A misspelt word: a query that finds nothing, with a word the index does not know, finds the
 *   pages of the nearest words it knows (one edit off for a word of up to five letters, two
 *   for a longer one), under a "Did you mean …?" link that runs the corrected query. A query
 *   that finds anything is answered as typed.
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
  // The search language's splitter (academic/search/tuning.py's JS_SPLITTER, a public hook:
  // js_splitter_code), in language_data.js.
  const split = (text) => splitQuery(text);

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
      // An object's name is written escaped in the index ("&amp;"): its words are the title's.
      const words = split(plain(name)).map(fold);
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

  const NONE = -1; // a result that matched only inside a word ("ai" in "domain"): not shown
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
    const file = kind === "object" ? pageTitled.get(plain(name)) : undefined;
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
    const listed = { places: new Set(), pages: new Set(), names: new Set(), indexed: new Set() };
    return best.filter(([docname, title, anchor, , , , kind]) => {
      const place = docname + anchor;
      // An index entry's place is an "index-3" anchor, which the results page turns into its
      // section's (sectionOf): beside a result of the same page, it would list a section twice.
      const duplicate =
        listed.places.has(place)
        || ((kind === "text" || kind === "index") && listed.pages.has(docname))
        || (kind === "title" && listed.indexed.has(docname))
        || (kind === "object" && listed.names.has(plain(title)));
      listed.places.add(place);
      listed.pages.add(docname);
      listed.names.add(plain(title));
      if (kind === "index") listed.indexed.add(docname);
      return !duplicate;
    });
  };

  // --- a misspelt word: the nearest words of the index ------------------------------------------
  // A query that finds nothing and holds a word the index does not know ("difusion") is answered
  // for the nearest words it knows ("diffusion"), with a "Did you mean" line; a query that finds
  // anything runs as typed. Nothing is built beforehand: the index's words (thousands at 2,000
  // entries) are scanned once per unknown word, only when a query has found nothing.

  /** Edits from ``a`` to ``b`` (a letter added, dropped or changed, two neighbours swapped),
   * or ``max + 1`` as soon as it is sure to be more than ``max``. */
  const distance = (a, b, max) => {
    if (Math.abs(a.length - b.length) > max) return max + 1;
    let before = [];
    let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
      const row = [i];
      let least = i;
      for (let j = 1; j <= b.length; j++) {
        let edits = Math.min(previous[j] + 1, row[j - 1] + 1,
          previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
          edits = Math.min(edits, before[j - 2] + 1);
        row.push(edits);
        least = Math.min(least, edits);
      }
      if (least > max) return max + 1; // every path is past max already
      [before, previous] = [previous, row];
    }
    return Math.min(previous[b.length], max + 1);
  };

  // Edits a word may be off by: none for one or two letters (every such word is a few edits from
  // hundreds of others), one up to five letters, two from six.
  const allowedEdits = (word) => (word.length < 3 ? 0 : word.length < 6 ? 1 : 2);
  const CANDIDATES = 3; // nearest words tried per misspelt word
  const TRIES = 6; // corrected queries run at most, nearest first
  // Unknown words in one query at most: more are another text, not a misspelling of the site's.
  const MISSPELT = 3;

  /** Whether the index knows a stem: a word of a page, or the start of one (as matching does). */
  const known = (stemmed) => {
    const { terms, titleterms } = Search._index;
    return owns(terms, stemmed) || owns(titleterms, stemmed) || (stemmed.length >= 3
      && (partialFiles("titleterms", stemmed).size > 0 || partialFiles("terms", stemmed).size > 0));
  };

  /** The indexed stems nearest ``stemmed``, at most ``max`` edits off: fewest edits first, then
   * those with the same letters (two swapped: "garph" is "graph" sooner than "garth"), then
   * those with the same first letter (a first letter is rarely mistyped), then the commonest. */
  const nearest = (folded, stemmed, max) => {
    const found = new Map(); // stem → [edits, by the typed word's start (0 or 1), pages]
    for (const map of [Search._index.titleterms, Search._index.terms])
      for (const word of Object.keys(map)) {
        const [edits, byStart] = editsTo(folded, stemmed, word, max);
        if (edits > max || !/^\p{L}+$/u.test(word)) continue;
        const pages = [].concat(map[word]).length + (found.get(word)?.[2] ?? 0);
        found.set(word, [edits, byStart, pages]);
      }
    const letters = (word) => [...word].sort().join("");
    const own = letters(stemmed);
    const swapped = (word) => (letters(word) === own ? 0 : 1);
    const other = (word) => (word[0] === stemmed[0] ? 0 : 1);
    return [...found]
      .sort(([a, [ea, sa, pa]], [b, [eb, sb, pb]]) => ea - eb || sa - sb
        || swapped(a) - swapped(b) || other(a) - other(b) || pb - pa || (a < b ? -1 : 1))
      .slice(0, CANDIDATES)
      .map(([word]) => word);
  };

  // Letters a stemmer takes off a word's end, mostly ("-ing", "-ions", "-ent").
  const ENDING = 4;
  /** Edits from a typed word to an indexed stem: from the typed word's stem; or, where a
   * misspelling kept the stemmer from finding the stem ("effiient" stays "effiient", while
   * "efficient" is "effici"), from the typed word's start, its ending one edit more. */
  const editsTo = (folded, stemmed, word, max) => {
    const edits = distance(stemmed, word, max);
    let byStart = max + 1;
    if (edits > 0 && word.length >= 4 && max > 0)
      for (let end = Math.max(folded.length - ENDING, 1); end < folded.length; end++)
        byStart = Math.min(byStart, distance(folded.slice(0, end), word, max - 1) + 1);
    return byStart < edits ? [byStart, 1] : [edits, 0];
  };

  // The words of the pages' titles and headings, as written: an index holds stems ("diffus"),
  // and a reader is shown a word ("diffusion"). Split at the first correction; a word is
  // stemmed only when it starts as the stem looked for does (stemming thousands is slow).
  let titleWords = null;
  const wordsWithStem = (stemmed) => {
    if (titleWords === null) {
      const { titles, alltitles } = Search._index;
      titleWords = [...new Set([...titles, ...Object.keys(alltitles)]
        .flatMap((title) => split(title).map((word) => word.toLowerCase())))];
    }
    // A stem is its word's start, but for its last letter ("studi" for "study").
    const start = stemmed.slice(0, Math.max(stemmed.length - 1, 1));
    return titleWords.filter((word) => fold(word).startsWith(start) && stem(word) === stemmed);
  };

  /** The words one edit from ``word`` (two letters swapped, one dropped, added or changed),
   * with the letters of ``near`` only: the typed word mended ("simulaton" → "simulation"). */
  const oneEditFrom = (word, near) => {
    const letters = [...new Set(near)];
    const found = [];
    for (let i = 0; i < word.length; i++) {
      const [before, after] = [word.slice(0, i), word.slice(i + 1)];
      if (after) found.push(before + after[0] + word[i] + after.slice(1));
      found.push(before + after);
    }
    for (let i = 0; i <= word.length; i++)
      for (const letter of letters) {
        found.push(word.slice(0, i) + letter + word.slice(i));
        if (i < word.length) found.push(word.slice(0, i) + letter + word.slice(i + 1));
      }
    return found;
  };

  /** The word to show for the stem ``near`` in place of the reader's ``typed``: a word of the
   * titles with that stem, the typed word mended by one edit, or the typed word's ending on
   * the stem ("difus|ion" → "diffusion"), whichever of them with that stem is nearest what was
   * typed (the titles' words first); in the typed word's case ("Transfomer" →
   * "Transformer"). The stem itself only when none is. */
  const spelling = (typed, stemmed, near) => {
    const folded = fold(typed);
    const options = [...wordsWithStem(near)];
    // Where the stemmer changed the word's end ("memory" → "memori"), that end is replaced.
    let same = 0;
    while (same < stemmed.length && stemmed[same] === folded[same]) same++;
    const changed = stemmed.slice(same);
    const endings = near.endsWith(changed)
      ? [near.slice(0, near.length - changed.length) + folded.slice(same)] : [];
    // Or the typed word's last letters after the stem ("effi|ent" → "efficient").
    for (let end = Math.max(folded.length - ENDING, 1); end < folded.length; end++)
      endings.push(near + folded.slice(end));
    for (const ending of [...oneEditFrom(folded, near), ...endings])
      if (stem(ending) === near && !options.includes(ending)) options.push(ending);
    if (!options.length) options.push(near);
    const edits = (word) => distance(folded, fold(word), Infinity);
    const word = options.reduce((best, w) => (edits(w) < edits(best) ? w : best));
    if (typed.length > 1 && typed === typed.toUpperCase()) return word.toUpperCase();
    if (typed[0] !== typed[0].toLowerCase()) return word[0].toUpperCase() + word.slice(1);
    return word;
  };

  /** The query with its unknown words replaced by the nearest known ones, and its results:
   * the first such query, nearest first, that finds something; null if none does. */
  const correction = (query) => {
    const text = query.normalize("NFC");
    const fixes = []; // [where the word starts, where it ends, the words to put there]
    for (const match of text.matchAll(WORD)) {
      const typed = bareWord(match[0]);
      const folded = fold(typed);
      const max = allowedEdits(folded);
      if (!max || !/^\p{L}+$/u.test(folded) || stopwords.has(folded)) continue;
      const stemmed = stem(folded);
      if (known(stemmed)) continue;
      if (fixes.length === MISSPELT) return null;
      const near = nearest(folded, stemmed, max);
      // Stems are near more often than words are ("swim" is two edits from "seip"): a word
      // shown is as near what was typed as the stems were, and one the titles do not hold
      // (the typed word's ending on a stem) one edit at most ("hugging" is no "highing").
      const words = [...new Set(near.flatMap((n) => {
        const word = spelling(typed, stemmed, n);
        const limit = wordsWithStem(n).includes(word.toLowerCase()) ? max : 1;
        return distance(folded, fold(word), limit) <= limit ? [word] : [];
      }))];
      if (!words.length) return null; // nothing near: not a misspelling of this site's words
      fixes.push([match.index, match.index + typed.length, words]);
    }
    if (!fixes.length) return null;
    // Each choice of words, by the sum of their places in the lists: the nearest first.
    let choices = [[]];
    for (const [, , words] of fixes)
      choices = choices.flatMap((chosen) => words.map((_, i) => [...chosen, i]));
    const rank = (chosen) => chosen.reduce((sum, i) => sum + i, 0);
    choices.sort((a, b) => rank(a) - rank(b));
    for (const chosen of choices.slice(0, TRIES)) {
      let fixed = text;
      for (let k = fixes.length - 1; k >= 0; k--) {
        const [start, end, words] = fixes[k];
        fixed = fixed.slice(0, start) + words[chosen[k]] + fixed.slice(end);
      }
      const results = Search._performSearch(...Search._parseQuery(fixed));
      if (results.length) return { query: fixed.trim(), results };
    }
    Search._parseQuery(query); // the query's own words again, for what follows
    return null;
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
  let corrected = null; // the query they are the results of, when not the one typed

  /** A message with its "${name}"s filled in, in one pass: a query holding "$'" or "${count}"
   * is shown as typed, not read as a replacement pattern or as another placeholder. */
  const filled = (message, values) =>
    message.replace(/\$\{(\w+)\}/g, (placeholder, name) =>
      Object.hasOwn(values, name) ? String(values[name]) : placeholder);

  /** The number of results, said in the status line. */
  const count = () => {
    const number = list().children.length;
    if (corrected !== null && number) {
      status().textContent = filled(Documentation.ngettext(
        "Nothing on this site matches “${typed}”: one result for “${query}”",
        "Nothing on this site matches “${typed}”: ${count} results for “${query}”", number),
      { typed: shown, count: number, query: corrected });
      return;
    }
    status().textContent = number
      ? filled(Documentation.ngettext("One result for “${query}”",
        "${count} results for “${query}”", number), { count: number, query: shown })
      : filled(Documentation.gettext("Nothing on this site matches “${query}”. Check the "
        + "spelling, or try fewer words."), { query: shown });
  };

  /** "Did you mean …?": a link that runs the corrected query as the reader's own, above the
   * status line (before the results in the page's order, where a keyboard reaches it first). */
  const suggest = () => {
    document.querySelector("#search-results .search-suggestion")?.remove();
    if (corrected === null) return;
    const line = document.createElement("p");
    line.classList.add("search-suggestion");
    const [before, after] = Documentation.gettext("Did you mean ${query}?").split("${query}");
    const link = document.createElement("a");
    link.href = `?${new URLSearchParams({ q: corrected })}`;
    link.textContent = corrected;
    line.append(before, link, after ?? "");
    status().before(line);
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
    let results = Search._performSearch(...Search._parseQuery(query));
    // Nothing found: the nearest words the index knows, if a word is one it does not.
    const fixed = results.length ? null : correction(query);
    if (fixed !== null) results = fixed.results;
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
    corrected = fixed?.query ?? null;
    suggest();
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

  /** The heading of the section a block is in, unless it is the page's own title; in a
   * project card, the card's name (a tag is found in a card, and the card is what was found). */
  const sectionOf = (block) => {
    const card = block.closest("article.academic-card[id]");
    const name = card?.querySelector(".academic-card-title");
    if (name) return { id: card.id, title: clean(name) };
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
