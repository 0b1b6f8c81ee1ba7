/* Ctrl-K / Cmd-K focuses the search box, from anywhere ("/" is bound by Sphinx's doctools.js). */
(() => {
  // The search page's own box first, else the sidebar's.
  const box = () =>
    document.querySelector(".academic-search-form input[name=\"q\"]")
    || document.querySelector('input[name="q"]');
  const label = () => box()?.setAttribute("aria-keyshortcuts", "/ Control+K Meta+K");
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", label);
  else label();
  document.addEventListener("keydown", (event) => {
    if (event.key.toLowerCase() !== "k" || !(event.ctrlKey || event.metaKey)) return;
    const input = box();
    if (!input || event.altKey || event.shiftKey) return;
    event.preventDefault();
    // On a narrow screen the box is in furo's closed navigation drawer: open it first.
    const drawer = document.getElementById("__navigation");
    if (drawer && input.getBoundingClientRect().right <= 0) drawer.checked = true;
    input.focus();
    input.select();
  });
})();
