/*
 * Ctrl-K / Cmd-K focuses the search box, from anywhere; so does "/", outside a text field, on
 * pages without Sphinx's doctools.js (which binds "/" where it is loaded: the search page).
 */
(() => {
  // The search page's own box first, else the sidebar's.
  const box = () =>
    document.querySelector(".academic-search-form input[name=\"q\"]")
    || document.querySelector('input[name="q"]');
  const label = () => box()?.setAttribute("aria-keyshortcuts", "/ Control+K Meta+K");
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", label);
  else label();
  const slash = typeof Documentation === "undefined"
    && (typeof DOCUMENTATION_OPTIONS === "undefined"
      || DOCUMENTATION_OPTIONS.ENABLE_SEARCH_SHORTCUTS !== false);
  // As doctools.js: "/" is a character in these, not a shortcut.
  const TYPING = new Set(["TEXTAREA", "INPUT", "SELECT", "BUTTON"]);
  document.addEventListener("keydown", (event) => {
    if (event.altKey || event.shiftKey && event.key !== "/") return;
    const isCtrlK = event.key.toLowerCase() === "k" && (event.ctrlKey || event.metaKey);
    const isSlash = slash && event.key === "/" && !event.ctrlKey && !event.metaKey
      && !TYPING.has(document.activeElement?.tagName) && !document.activeElement?.isContentEditable;
    if (!isCtrlK && !isSlash) return;
    const input = box();
    if (!input) return;
    event.preventDefault();
    // On a narrow screen the box is in furo's closed navigation drawer: open it first.
    const drawer = document.getElementById("__navigation");
    if (drawer && input.getBoundingClientRect().right <= 0) drawer.checked = true;
    input.focus();
    input.select();
  });
})();
