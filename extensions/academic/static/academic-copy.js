// A copy button for each BibTeX disclosure. Added by script so that pages without
// JavaScript show no button that cannot work.
document.querySelectorAll("details.academic-bibtex pre").forEach((pre) => {
  const button = document.createElement("button");
  button.type = "button";
  button.className = "academic-copy";
  button.textContent = "Copy";
  button.addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(pre.querySelector("code").textContent);
      button.textContent = "Copied";
    } catch {
      button.textContent = "Select and copy";
    }
    setTimeout(() => { button.textContent = "Copy"; }, 2000);
  });
  pre.appendChild(button);
});
