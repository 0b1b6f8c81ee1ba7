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
document.querySelectorAll(".academic-copyable").forEach((wrapper) => {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "academic-copy";
  button.textContent = "Copy";
  button.setAttribute("aria-label", wrapper.dataset.copyLabel || "Copy");
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(wrapper.querySelector("pre").textContent);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Select and copy";
    }
    setTimeout(() => { button.textContent = "Copy"; }, 2000);
  });
  wrapper.appendChild(button);
});
