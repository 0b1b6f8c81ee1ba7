// A copy button for each text to copy: a paper page's citation and BibTeX, and the BibTeX in
// the lists' disclosures. Added by script, so that pages without JavaScript show no button that
// cannot work. The button sits on a wrapper around the <pre>, so it stays in its corner while
// wide text scrolls sideways.
document.querySelectorAll("details.academic-bibtex > pre").forEach((pre) => {
  const wrapper = document.createElement("div");
  wrapper.className = "academic-copyable";
  wrapper.dataset.copyLabel = "Copy the BibTeX";
  pre.replaceWith(wrapper);
  wrapper.appendChild(pre);
});
// The button reads "Copy", and to assistive technology "Copy the BibTeX" (the rest of its name is
// unseen, not an aria-label that the changing text would no longer match). What a click did is
// said where the eye is, on the button, and to a screen reader by the page's one polite status
// region (one for the page: a list has a button per entry).
{  // a block: the page's other scripts share its global names
  // The status says the last copy for two seconds, whichever button made it: each button's own
  // timer would empty what a button clicked since had said.
  let statusTimer;
  const copyStatus = document.createElement("span");
  copyStatus.className = "academic-unseen academic-copy-status";
  copyStatus.setAttribute("role", "status");
  document.querySelectorAll(".academic-copyable").forEach((wrapper) => {
    const label = wrapper.dataset.copyLabel || "Copy";
    const what = label.startsWith("Copy ") ? label.slice("Copy ".length) : "the text";
    const button = document.createElement("button");
    button.type = "button";
    button.className = "academic-copy";
    const shown = document.createElement("span");
    shown.textContent = "Copy";
    const unseen = document.createElement("span");
    unseen.className = "academic-unseen";
    unseen.textContent = ` ${what}`;
    button.append(shown, unseen);
    let timer;
    button.addEventListener("click", async () => {
      const pre = wrapper.querySelector("pre");
      try {
        await navigator.clipboard.writeText(pre.textContent);
        shown.textContent = "Copied";
        copyStatus.textContent = `Copied ${what}`;
      } catch {
        // No clipboard here (a page not served securely, a permission refused): the text is
        // selected instead, for the reader to copy from the keyboard or the menu.
        getSelection().selectAllChildren(pre);
        shown.textContent = "Selected";
        copyStatus.textContent = `Could not copy ${what}: it is selected, to copy from the keyboard or the menu`;
      }
      clearTimeout(timer);
      timer = setTimeout(() => { shown.textContent = "Copy"; }, 2000);
      clearTimeout(statusTimer);
      statusTimer = setTimeout(() => { copyStatus.textContent = ""; }, 2000);
    });
    wrapper.append(button);
  });
  if (document.querySelector(".academic-copy")) document.body.append(copyStatus);
}
