// Filters on the publications lists (academic/publications/filters.py). The form is in the page
// (without JavaScript a style in the head hides it: the whole list shows, and no control).
// The choice lives in the address (?year=2021&type=preprint&topic=code&selected=1): a filtered
// list can be linked, and the back button undoes a choice. Every list of the page follows the
// one address. The entries are read once from their data attributes; a choice then only sets
// `hidden` where it changes, and counts each value among the entries the other facets leave.
(() => {
  const FACETS = ["year", "type", "topic", "selected"];
  const COUNT = /\s*\(\d+\)$/;

  const lists = [...document.querySelectorAll("form.academic-filters")].map((form) => {
    const sections = [];
    const items = [];
    // The list's years follow its form (the marks' note and the download links may stand
    // between them); the first element after them that is not a year ends the list.
    for (let node = form.nextElementSibling; node; node = node.nextElementSibling) {
      if (!node.matches("section.academic-year")) {
        if (sections.length) break;
        continue;
      }
      const section = { element: node, shown: 0, toc: null, items: [] };
      const link = node.id && document.querySelector(`.toc-tree a[href="#${CSS.escape(node.id)}"]`);
      section.toc = link ? link.closest("li") : null;
      sections.push(section);
      for (const li of node.querySelectorAll("li.academic-entry")) {
        const d = li.dataset;
        const item = { element: li, section, year: d.year, type: d.type, shown: !li.hidden,
                       show: true, topic: d.topics ? d.topics.split(",") : [],
                       selected: "selected" in d };
        items.push(item);
        section.items.push(item);
      }
    }
    const controls = {};
    for (const name of FACETS) {
      const control = form.elements.namedItem(name);
      if (!control) continue;
      controls[name] = control;
      if (control.tagName === "SELECT") {
        for (const option of control.options) option.dataset.label = option.text.replace(COUNT, "");
      }
    }
    return { form, sections, items, controls, total: items.length,
             status: form.querySelector(".academic-filters-status"),
             clear: form.querySelector(".academic-filters-clear"),
             check: form.querySelector(".academic-filter-count") };
  });
  if (!lists.length) return;

  // The choice in the address; a value a list does not offer is not applied to it.
  const fromAddress = () => {
    const params = new URLSearchParams(location.search);
    const state = {};
    for (const name of FACETS) {
      const value = params.get(name);
      if (value) state[name] = name === "selected" ? value !== "0" : value;
    }
    return state;
  };

  const passes = (item, name, value) => {
    if (name === "selected") return item.selected;
    if (name === "topic") return item.topic.includes(value);
    return item[name] === value;
  };

  const applyTo = (list, wanted) => {
    const state = {};
    for (const [name, control] of Object.entries(list.controls)) {
      const value = wanted[name];
      if (name === "selected") {
        control.checked = Boolean(value);
        if (value) state.selected = true;
      } else if (value && [...control.options].some((option) => option.value === value)) {
        control.value = value;
        state[name] = value;
      } else {
        control.value = "";
      }
    }
    const names = Object.keys(state);
    // counts[name][value]: entries with that value among those the other facets leave.
    const counts = Object.fromEntries(Object.keys(list.controls).map((name) => [name, new Map()]));
    const add = (name, value) => counts[name].set(value, (counts[name].get(value) ?? 0) + 1);
    const tally = (item, name) => {
      add(name, "");
      if (name === "selected") { if (item.selected) add(name, true); }
      else if (name === "topic") item.topic.forEach((topic) => add(name, topic));
      else add(name, item[name]);
    };
    let shown = 0;
    for (const section of list.sections) section.shown = 0;
    for (const item of list.items) {
      let failed = null;
      let failures = 0;
      for (const name of names) {
        if (!passes(item, name, state[name])) { failed = name; failures += 1; }
      }
      item.show = failures === 0;
      if (item.show) {
        shown += 1;
        item.section.shown += 1;
        for (const name in counts) tally(item, name);
      } else if (failures === 1) {
        tally(item, failed);
      }
    }
    // Each change of an element's `hidden` costs the browser a restyle: a year none of whose
    // entries shows is hidden whole, and its entries are left as they are until it shows again.
    for (const section of list.sections) {
      const hide = section.shown === 0;
      if (section.element.hidden !== hide) {
        section.element.hidden = hide;
        if (section.toc) section.toc.hidden = hide;
      }
      if (hide) continue;
      for (const item of section.items) {
        if (item.show !== item.shown) { item.element.hidden = !item.show; item.shown = item.show; }
      }
    }
    for (const [name, control] of Object.entries(list.controls)) {
      if (name === "selected") {
        const count = counts.selected.get(true) ?? 0;
        list.check.textContent = `(${count})`;
        control.disabled = count === 0 && !control.checked;
        continue;
      }
      for (const option of control.options) {
        const count = counts[name].get(option.value) ?? 0;
        const text = `${option.dataset.label} (${count})`;
        if (option.text !== text) option.text = text;
        option.disabled = count === 0 && !option.selected;
      }
    }
    const noun = list.total === 1 ? "publication" : "publications";
    list.status.textContent = `${shown} of ${list.total} ${noun}`;
    list.clear.hidden = names.length === 0;
  };

  const applyAll = (state) => lists.forEach((list) => applyTo(list, state));

  // The control whose choices make the newest history entry, while it keeps the focus: arrow
  // keys on a closed menu choose each option they pass, and Back should undo the choice the
  // reader settled on, not step through every option passed on the way.
  let choosing = null;

  const choose = (state, control = null) => {
    const url = new URL(location.href);
    for (const name of FACETS) url.searchParams.delete(name);
    for (const name of FACETS) {
      if (state[name]) url.searchParams.set(name, name === "selected" ? "1" : state[name]);
    }
    url.hash = "";
    if (control !== null && control === choosing) history.replaceState(null, "", url);
    else history.pushState(null, "", url);
    choosing = control;
    applyAll(state);
  };

  for (const list of lists) {
    const fromForm = () => {
      const state = {};
      for (const [name, control] of Object.entries(list.controls)) {
        const value = name === "selected" ? control.checked : control.value;
        if (value) state[name] = value;
      }
      return state;
    };
    list.form.addEventListener("change", (event) => choose(fromForm(), event.target));
    list.form.addEventListener("focusout", (event) => {
      if (event.target === choosing) choosing = null;
    });
    list.form.addEventListener("submit", (event) => event.preventDefault());
    list.clear.addEventListener("click", () => {
      choose({});
      // The button hides itself: the keyboard's place goes to the first control.
      Object.values(list.controls)[0]?.focus();
    });
  }
  window.addEventListener("popstate", () => {
    choosing = null;
    applyAll(fromAddress());
  });
  applyAll(fromAddress());
})();
