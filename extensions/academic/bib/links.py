"""An entry's links: its badges (arXiv and other archives, DOI, the link fields, a
``howpublished`` that is one address), its own address, and its preview.

Each address is checked by the URL policy (:mod:`.urls`): an unsafe one is a fatal problem, an
identifier the site cannot link is a gap. Apart from the rest of an entry's reading
(:mod:`.records`), as every archive's identifiers and addresses are rules of their own. Nothing
here knows about Sphinx.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from urllib.parse import quote

from .chunks import Chunk, field_line
from .fields import LINK_FIELDS, LOCAL_FILE_FIELDS, ascii_number
from .model import Link
from .urls import (
    badge_label,
    disguise,
    is_unseen,
    kind_of,
    same_address,
    unseen_character,
    web_link_problem,
)

#: A file name or a relative path below the papers folder: no scheme, no "..", no leading "/".
RELATIVE_FILE = re.compile(r"^(?!/)(?!.*(?:^|/)\.\.(?:/|$))[\w\-. /]+\.\w+$")

# Every identifier is read in ASCII digits (re.ASCII): Python's \d takes any script's, and an
# address of full-width or Arabic-Indic digits is a link to no paper.
ARXIV_ID = re.compile(r"^(\d{4}\.\d{4,5}|[a-z\-]+(\.[A-Z]{2})?/\d{7})(v\d+)?$", re.ASCII)

#: ECCC's report numbers: "TR22-012" as its pages print them, "22-012", or "2022/012".
ECCC_ID = re.compile(r"^(?:TR)?(\d{2})-(\d{1,3})$|^(\d{4})/(\d{1,3})$",
                     re.IGNORECASE | re.ASCII)

#: The Cryptology ePrint Archive's "2022/123".
IACR_ID = re.compile(r"^\d{4}/\d{3,5}$", re.ASCII)

#: HAL's identifiers: "hal-01234567", and the portals' own prefixes ("tel-", "inria-"…),
#: with an optional version ("v2").
HAL_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*-\d{8}(?:v\d+)?$", re.ASCII)

#: bioRxiv's and medRxiv's: a DOI of Cold Spring Harbor's prefix, or the part after it.
RXIV_ID = re.compile(r"^(?:10\.1101/)?(\d{4}\.\d{2}\.\d{2}\.\d{6,}|\d{6,})(v\d+)?$", re.ASCII)

#: ``archivePrefix`` (or ``eprinttype``) values, lower-cased, spaces removed → the archive.
ARCHIVE_NAMES = {
    "arxiv": "arXiv", "pmid": "PubMed", "pubmed": "PubMed", "eccc": "ECCC",
    "iacr": "IACR ePrint", "eprintiacr": "IACR ePrint", "cryptologyeprintarchive": "IACR ePrint",
    "cryptologyeprint": "IACR ePrint", "hal": "HAL", "ssrn": "SSRN", "biorxiv": "bioRxiv",
    "medrxiv": "medRxiv",
}

#: LaTeX's command for an address, before its argument.
URL_COMMAND = re.compile(r"\\url\s*\{")
#: A field that is one ``\url{…}`` and nothing else, in braces of its own or not.
URL_ONLY = re.compile(r"\{?\s*\\url\s*\{[^{}]*\}\s*\}?")
DOI = re.compile(r"^10\.\d{4,9}/\S+$", re.ASCII)
#: What a DOI keeps as written in its doi.org address: the DOI Handbook (2.5.2.4) asks that
#: "%", "#" and "?" be percent-encoded there, or a browser reads "#…" as a fragment and "?…"
#: as a query of doi.org's, and so must be every character an address cannot hold (a space,
#: quotes, angle brackets, braces, anything not ASCII). "/", ":", ";" and the rest stay: DOIs
#: are full of them, and doi.org reads them as they are.
DOI_ADDRESS_KEEPS = "/:;@!$&'()*+,="


def entry_links(entry_type: str, fields: Mapping[str, str], problem: Callable[..., None],
           chunk: Chunk) -> list[Link]:
    """The entry's badges; an unsafe address is a fatal problem."""
    links: list[Link] = []
    eprint = fields.get("eprint", "").strip()
    if eprint:
        prefix = fields.get("archiveprefix", "arXiv").strip().lower()
        if kind_of(url_text(eprint)) == "web":  # an address in the eprint field: linked as such
            links.append(Link("Eprint", url_text(eprint)))
        elif prefix == "arxiv":
            if not ARXIV_ID.match(eprint):
                problem(f"eprint {eprint!r} is not an arXiv identifier such as 2108.07732; no "
                        "arXiv link is shown", "eprint", gap="eprint")
            else:
                links.append(Link("arXiv", f"https://arxiv.org/abs/{eprint}"))
        else:
            archive = ARCHIVE_NAMES.get(prefix.replace(" ", "").replace("-", ""), "")
            url = _eprint_url(archive, eprint)
            if url:
                links.append(Link(archive, url))
            elif archive:
                problem(f"eprint {eprint!r} is not a {archive} identifier such as "
                        f"{EPRINT_EXAMPLES[archive]}; no {archive} link is shown", "eprint",
                        gap="eprint")
            else:
                problem(f"eprint {eprint!r} of archivePrefix {prefix!r}: the site links "
                        f"identifiers of {', '.join(dict.fromkeys(ARCHIVE_NAMES.values()))} "
                        "only; no link is shown", "eprint", gap="eprint")
    pmid = fields.get("pmid", "").strip()  # Zotero's and PubMed's exports
    if pmid and ascii_number(pmid) is None:
        problem(f"pmid {pmid!r} is not a PubMed identifier such as "
                f"{EPRINT_EXAMPLES['PubMed']}; no PubMed link is shown", "pmid", gap="eprint")
    elif pmid and not any(link.label == "PubMed" for link in links):
        links.append(Link("PubMed", f"https://pubmed.ncbi.nlm.nih.gov/{pmid}/"))
    written = fields.get("doi", "").strip()
    if written:
        doi = bare_doi(written)
        shown = strip_doi(written)
        unseen = unseen_character(shown)
        if unseen and bare_doi("".join(char for char in shown if not is_unseen(char))):
            # A zero-width space pasted from a PDF: every output would copy it, and doi.org
            # knows no such DOI.
            problem(f"doi {shown!r} has {unseen}, which no DOI holds; no DOI link "
                    "is shown (delete the character)", "doi", gap="doi")
        elif not doi:
            # An ISBN or a truncated DOI, as reference managers export them: the reader loses
            # a link, the page is still right.
            problem(f"doi {shown!r} is not a DOI such as 10.1145/3639477.3639746; "
                    "no DOI link is shown", "doi", gap="doi")
        elif all(not same_address(doi_address(doi), link.url) for link in links):
            links.append(Link("DOI", doi_address(doi)))
    for name, label in LINK_FIELDS.items():
        # The entry's own address may be its howpublished (see own_address): the problems
        # name the field the source wrote it in.
        written_in, url = (own_address(fields) if name == "url"
                           else (name, url_text(fields.get(name, ""))))
        if not url:
            continue
        kind = kind_of(url)
        if kind == "unsafe":
            problem(f"{written_in} {url!r} is not an http(s) address; only http:// and https:// "
                    "links are allowed", written_in, fatal=True, subtype="bibtex")
        elif kind == "web":
            if all(not same_address(url, link.url) for link in links):
                links.append(Link(label or badge_label(url, entry_type), url))
        elif kind == "relative" and name in LOCAL_FILE_FIELDS and RELATIVE_FILE.match(url):
            offset = field_line(chunk, name) - chunk.line
            links.append(Link(label, url, local=True, offset=offset))  # al-folio: a site file
        elif disguise(url):
            problem(f"{written_in} {web_link_problem(url)}", written_in, subtype="bib-link")
        elif kind == "other":
            # An application's own address (Mendeley's papers3://, zotero://) or ftp: nothing
            # a visitor can open, and nothing wrong in the entry.
            problem(f"{written_in} {url!r} is not a web address; the link is left out (write "
                    "the full https:// address to show it)", written_in, subtype="bib-link",
                    gap="link")
        else:
            problem(f"{written_in} {url!r} is not an http(s) address; the link is left out "
                    "(write the full https:// address)", written_in, subtype="bib-link")
    return links


def address_only(value: str) -> str:
    """The address a field holds when it holds nothing else: LaTeX's ``\\url{…}`` (whatever
    the address: the source says it is one, and the URL policy judges it), or an http(s)
    address written bare; "" for text ("Hardcover", "arXiv:2108.07732", "Available at
    \\url{…}")."""
    value = value.strip()
    if URL_ONLY.fullmatch(value):
        return url_text(value)
    address = url_text(value)
    return address if kind_of(address) == "web" else ""


def own_address(fields: Mapping[str, str]) -> tuple[str, str]:
    """The field that gives the entry's own address, and the address: its ``url``, else a
    ``howpublished`` that is one address, as Google Scholar and Zotero export a web page's
    (``howpublished = {\\url{https://…}}``); ("", "") for none."""
    url = url_text(fields.get("url", ""))
    if url:
        return "url", url
    address = address_only(fields.get("howpublished", ""))
    return ("howpublished", address) if address else ("", "")


def howpublished_is_address(fields: Mapping[str, str]) -> bool:
    """Whether ``howpublished`` is nothing but the entry's own address: its badge says it (or
    the URL policy left it out, as a ``url`` would be), and no venue repeats it."""
    address = address_only(fields.get("howpublished", ""))
    return bool(address) and same_address(address, own_address(fields)[1])


def strip_doi(value: str) -> str:
    """A ``doi`` field as its identifier is written: LaTeX's ``\\url{}``, braces and escapes
    undone ("10.1000/ab\\_cd" is "10.1000/ab_cd"), without the resolver or prefix exporters put
    before it ("https://doi.org/10.1/x", "doi: 10.1/x" → "10.1/x")."""
    return re.sub(r"^(https?://(dx\.)?doi\.org/|doi:\s*)", "", url_text(value),
                  flags=re.IGNORECASE)


def bare_doi(value: str) -> str:
    """The DOI a ``doi`` field gives ("10.1145/3639477.3639746"), or "" where it gives none
    (an ISBN; a DOI with a character nobody sees, which no DOI holds): what the link, the model
    and the copied BibTeX all take from the field."""
    doi = strip_doi(value)
    return doi if DOI.match(doi) and not unseen_character(doi) else ""


def doi_address(doi: str) -> str:
    """The doi.org address of a bare DOI, the one every output links: "10.1000/a#b" is
    https://doi.org/10.1000/a%23b (see :data:`DOI_ADDRESS_KEEPS`)."""
    return "https://doi.org/" + quote(doi, safe=DOI_ADDRESS_KEEPS)


#: An identifier of each archive, for the message about one that is not.
EPRINT_EXAMPLES = {"PubMed": "31452104", "ECCC": "TR22-012", "IACR ePrint": "2022/123",
                   "HAL": "hal-01234567", "SSRN": "3456789",
                   "bioRxiv": "10.1101/2020.03.01.972778",
                   "medRxiv": "10.1101/2020.03.01.20029421"}


def _eprint_url(archive: str, eprint: str) -> str:
    """The canonical address of an eprint in its archive, or "" if it is not one of its ids."""
    if archive == "PubMed" and ascii_number(eprint) is not None:
        return f"https://pubmed.ncbi.nlm.nih.gov/{eprint}/"
    if archive == "ECCC" and (match := ECCC_ID.match(eprint)):
        short, number, year = match.group(1), match.group(2) or match.group(4), match.group(3)
        if short:  # ECCC began in 1994: "94-001" is of 1994, "22-012" of 2022
            year = ("19" if int(short) >= 94 else "20") + short
        return f"https://eccc.weizmann.ac.il/report/{year}/{int(number):03d}/"
    if archive == "IACR ePrint" and IACR_ID.match(eprint):
        return f"https://eprint.iacr.org/{eprint}"
    if archive == "HAL" and HAL_ID.match(eprint):
        return f"https://hal.science/{eprint}"
    if archive == "SSRN" and ascii_number(eprint) is not None:
        return f"https://ssrn.com/abstract={eprint}"
    if archive in ("bioRxiv", "medRxiv") and (match := RXIV_ID.match(eprint)):
        return f"https://doi.org/10.1101/{match.group(1)}"
    return ""


def preview_link(value: str, problem: Callable[..., None], chunk: Chunk) -> Link | None:
    """al-folio's ``preview = {figure.png}``: a file of the previews folder, or nothing."""
    name = url_text(value)
    if not name:
        return None
    if kind_of(name) == "relative" and RELATIVE_FILE.match(name):
        return Link("Preview", name, local=True, offset=field_line(chunk, "preview") - chunk.line)
    problem(f"preview {name!r} is not a file name such as figure.png; no thumbnail is shown "
            "(put the image in the previews folder and give its name)", "preview",
            gap="preview")
    return None


def url_text(value: str) -> str:
    """An address as written: ``\\url{}`` unwrapped, escapes undone, "~" kept (unlike text)."""
    value = value.strip()
    # Only the command goes: its braces go with all the others, below. Matching the command to
    # its last "}" would read to the field's end from each "\url{" (ten seconds for a field of
    # 20,000 of them).
    command = URL_COMMAND.search(value)
    if command and "}" in value[command.end():]:
        value = value[:command.start()] + value[command.end() - 1:]
    return re.sub(r"\\([%#&_~$])", r"\1", value.replace("{", "").replace("}", "")).strip()
