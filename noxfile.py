"""Build, serve, test, audit and benchmark the site: `nox -s <session>`."""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import threading
import tomllib
from collections.abc import Iterator
from pathlib import Path
from stat import S_ISREG

import nox
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

nox.needs_version = ">=2025.2.9"
# uv, not virtualenv: every environment is installed from uv.lock, which only uv reads.
nox.options.default_venv_backend = "uv"
nox.options.sessions = ["build"]
nox.options.reuse_venv = "yes"

ROOT = Path(__file__).parent


def install_group(session: nox.Session, group: str) -> None:
    """Install one dependency group, and the whole tree under it, exactly as uv.lock pins it.

    `uv sync` also removes what the group no longer needs from a reused environment. `--locked`
    fails when pyproject.toml has changed without `uv lock`, rather than building from a stale
    lock.
    """
    # `--no-venv` runs in the current environment, as the build tests do: nothing to install.
    if session.venv_backend == "none":
        return
    session.run_install(
        "uv", "sync", "--locked", "--only-group", group,
        env={"UV_PROJECT_ENVIRONMENT": session.virtualenv.location},
    )


def cache_bytecode(session: nox.Session) -> None:
    """Let the test processes read and keep compiled modules.

    Where Python may not write its cache (PYTHONDONTWRITEBYTECODE), every test process compiles
    the project's modules afresh and pytest rewrites the asserts of every test file again: 2 s
    of each worker's start, and of every pytest or sphinx-build a test runs. Allowed to, Python
    writes them in `__pycache__` folders (ignored by git, by `nox -s serve` and by the build's
    own check of the extension's files). Not under a PYTHONPYCACHEPREFIX: Python then reads
    compiled modules only there, and a first run wrote there a second copy (143 MB) of the
    8,000 modules of the standard library and the environment that their installers compiled.
    """
    if session.venv_backend != "none" and os.environ.get("PYTHONDONTWRITEBYTECODE"):
        session.env["PYTHONDONTWRITEBYTECODE"] = ""


def source_date_epoch() -> str:
    """A fixed timestamp (the last commit's), so two builds of one commit are byte-identical."""
    if "SOURCE_DATE_EPOCH" in os.environ:
        return os.environ["SOURCE_DATE_EPOCH"]
    try:
        return subprocess.run(
            ["git", "log", "-1", "--format=%ct"], cwd=ROOT, capture_output=True, text=True,
            check=True,
        ).stdout.strip() or "0"
    except (OSError, subprocess.CalledProcessError):
        return "0"


def output_dir() -> Path:
    """`_build/html`, or `$READTHEDOCS_OUTPUT/html` on Read the Docs."""
    base = os.environ.get("READTHEDOCS_OUTPUT")
    return (Path(base) if base else ROOT / "_build") / "html"


@contextlib.contextmanager
def only_one(session: nox.Session, lock: Path, what: str, *, wait: bool) -> Iterator[None]:
    """Hold ``lock`` (an flock, released by the system however the process ends, so a killed
    build leaves nothing to clean) while the block runs. Another holder: wait for it, saying so,
    or stop with a clear message. Two builds into one folder would share the work folder and
    the doctrees: a mixed site, or one build's files vanishing under the other."""
    try:
        import fcntl
    except ImportError:  # not POSIX (Windows): builds are not serialised there
        yield
        return
    lock.parent.mkdir(parents=True, exist_ok=True)
    with open(lock, "a+") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.seek(0)
            holder = handle.read().strip() or "another process"
            if not wait:
                session.error(f"{what} is already running on this checkout ({holder}); stop "
                              "it first, or use the one running")
            session.log(f"another {what} is running on this checkout ({holder}); waiting "
                        "for it to finish")
            fcntl.flock(handle, fcntl.LOCK_EX)
        handle.seek(0)
        handle.truncate()
        handle.write(f"process {os.getpid()}\n")
        handle.flush()
        yield


def build_site(session: nox.Session, destination: Path, *extra: str) -> None:
    """Build into `destination`, one build at a time (:func:`only_one`: a second waits)."""
    lock = destination.parent / f".{destination.name}.lock"
    with only_one(session, lock, "`nox -s build`", wait=True):
        build_site_alone(session, destination, *extra)


def build_site_alone(session: nox.Session, destination: Path, *extra: str) -> None:
    """Build strictly and incrementally; publish to `destination` only when the build passed.

    Sphinx builds into a work folder kept from build to build (`.html.work`, with its doctrees),
    so it reads and writes only what changed. A failed or killed build never touches
    `destination`. After a failed build the work folder is dropped: Sphinx does not re-read a
    page whose warnings it has already shown, and the next build must fail again on the same
    mistake. A killed build leaves its marker behind, and the next build starts afresh too,
    since a page may have been half written.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    work = destination.parent / f".{destination.name}.work"
    doctrees = destination.parent / f".{destination.name}.doctrees"
    running = destination.parent / f".{destination.name}.running"
    # The builder of the work folder's pages: `nox -s build -- -b html` writes other files
    # than dirhtml (cv.html, not cv/index.html), and none of the last builder's would go.
    builder_file = destination.parent / f".{destination.name}.builder"
    builder = builder_of(["--builder", "dirhtml", *extra, *session.posargs])
    last_builder = builder_file.read_text().strip() if builder_file.is_file() else builder
    if running.exists() or last_builder != builder:  # the last build was killed, or another
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(doctrees, ignore_errors=True)
    builder_file.write_text(builder + "\n")
    running.touch()
    session.env["SOURCE_DATE_EPOCH"] = source_date_epoch()
    # The site the last publication replaced, removed while Sphinx builds (its own process):
    # 12,000 files at 2,000 papers, a quarter of a second no edit needs to wait for.
    replaced = destination.parent / f".{destination.name}.previous"
    removing = threading.Thread(target=shutil.rmtree, args=(replaced,),
                                kwargs={"ignore_errors": True})
    removing.start()
    try:
        # No --jobs: Sphinx's parallel build was slower here, clean and incremental (its
        # processes trade doctrees through pickles, and paper pages are written in one process).
        built = session.run(
            "sphinx-build", "--fail-on-warning", "--nitpicky", "--keep-going",
            "--builder", "dirhtml", "--doctree-dir", str(doctrees),
            *extra, *session.posargs, "docs", str(work),
        )
    except nox.command.CommandFailed:
        shutil.rmtree(work, ignore_errors=True)
        shutil.rmtree(doctrees, ignore_errors=True)
        running.unlink()
        removing.join()
        if destination.exists():
            session.error(f"the build failed: {destination} still holds the last good site")
        session.error(f"the build failed: nothing was published ({destination} holds no site "
                      "yet)")
    running.unlink()
    removing.join()
    if built is None:  # `--install-only`: nox ran nothing, and there is nothing to publish
        return
    publish(work, destination)
    session.log(f"site written to {destination}")


#: sphinx-build's short options that take a value: in a cluster ("-Eb html"), the first of them
#: takes the rest of the cluster, or the next argument.
SPHINX_VALUE_OPTIONS = frozenset("bdjcDtwA")


def builder_of(arguments: list[str]) -> str:
    """The builder sphinx-build runs with these arguments, read as its parser (argparse) reads
    them: the last one named, by "-b html", "-bhtml", "-Eb html", "--builder=html" or an
    abbreviation ("--build html"). sphinx-build is not in nox's environment, to ask."""
    builder, index = "", 0
    while index < len(arguments) and arguments[index] != "--":
        argument = arguments[index]
        following = arguments[index + 1] if index + 1 < len(arguments) else ""
        index += 1
        if argument.startswith("--"):
            name, equals, value = argument.partition("=")
            if len(name) > 2 and "--builder".startswith(name):
                builder = value if equals else following
                index += not equals
        elif argument.startswith("-") and len(argument) > 1:
            for place, letter in enumerate(argument[1:], start=2):
                if letter in SPHINX_VALUE_OPTIONS:  # the rest, or the next argument, is its value
                    value = argument[place:] or following
                    index += not argument[place:]
                    builder = value if letter == "b" else builder
                    break
    return builder


def publish(work: Path, destination: Path) -> None:
    """Replace `destination` with a copy of `work`, in one rename.

    The copy is assembled beside it (:func:`link_tree`), then swapped in. Sphinx writes into
    `work` in place, so the site is never a link to it. The site it replaces is left beside it
    (hard links, most of them, to the new one's files), for the next build to remove while
    Sphinx works (:func:`build_site_alone`).
    """
    staging = destination.parent / f".{destination.name}.building"
    shutil.rmtree(staging, ignore_errors=True)
    link_tree(str(work), str(destination), str(staging))
    previous = destination.parent / f".{destination.name}.previous"
    shutil.rmtree(previous, ignore_errors=True)  # what a build killed before it removed it
    if destination.exists():
        destination.rename(previous)
    staging.rename(destination)


def link_tree(work: str, published: str, staging: str) -> None:
    """Make `staging` a copy of `work`: files unchanged since the last publication (same size
    and modification time as in `published`) are hard links to the published ones, which
    nothing ever writes to; the others are copied.

    One `scandir` and one `mkdir` a folder, and a `stat` of each side a file: a site of 2,000
    papers is 10,000 files and 2,000 folders, and each extra call was paid on every build.
    """
    os.mkdir(staging)
    with os.scandir(work) as entries:
        for entry in entries:
            target = os.path.join(staging, entry.name)
            old = os.path.join(published, entry.name)
            if entry.is_dir():
                link_tree(entry.path, old, target)
                continue
            stat = entry.stat()
            try:
                same = os.stat(old)
                unchanged = S_ISREG(same.st_mode) and (
                    (same.st_size, same.st_mtime_ns) == (stat.st_size, stat.st_mtime_ns))
            except OSError:
                unchanged = False
            if unchanged:
                os.link(old, target)
            else:
                shutil.copy2(entry.path, target)


@nox.session
def build(session: nox.Session) -> None:
    """Build the site strictly (zero warnings) into _build/html."""
    install_group(session, "docs")
    build_site(session, output_dir())


def serve_ignored() -> list[str]:
    """What `serve` does not rebuild for: everything in the checkout but refs.bib, docs/ and
    extensions/, and the files editors and Python write beside the ones they save."""
    root = re.escape(ROOT.resolve().as_posix())
    return [
        rf"^{root}/(?!refs\.bib$|docs/|extensions/)",
        r"(\.sw[a-p]|~|\.tmp|/4913)$",  # vim's swap and probe files, backups, temporary saves
        r"/__pycache__/",
    ]


@nox.session
def serve(session: nox.Session) -> None:
    """Serve the site on http://localhost:8000, rebuilding and reloading on every change."""
    install_group(session, "serve")
    ignored = [argument for pattern in serve_ignored() for argument in ("--re-ignore", pattern)]
    # A second server would rebuild into the same folder as the first, at the same time.
    with only_one(session, ROOT / "_build" / ".serve.lock", "`nox -s serve`", wait=False):
        serve_now(session, ignored)


def serve_now(session: nox.Session, ignored: list[str]) -> None:
    # The sources' date, as `nox -s build` gives it: the feed and the exports say it.
    session.env["SOURCE_DATE_EPOCH"] = source_date_epoch()
    session.run(
        # The checkout's folder is watched, not refs.bib itself: an editor that saves by writing
        # a new file and renaming it over the old one (vim, `sed -i`, most IDEs) replaces the
        # file a watch would follow, and every later save would go unseen. docs/ (conf.py too)
        # and extensions/ are inside it.
        "sphinx-autobuild", "--builder", "dirhtml", "--port", "8000",
        "--watch", str(ROOT), *ignored,
        # The doctrees beside the served folder, not in it: they are no page of the site.
        "--doctree-dir", "_build/.serve.doctrees",
        *session.posargs, "docs", "_build/serve",
    )


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite (browser tests use Debian's Chromium when it is installed)."""
    install_group(session, "test")
    cache_bytecode(session)
    session.run("pytest", *session.posargs)


@nox.session(name="tests-isolated")
def tests_isolated(session: nox.Session) -> None:
    """Run each test file alone, then the whole suite backwards (the files in reverse order,
    and each file's tests too: pytest's `--reverse`, from tests/conftest.py), in one process
    (`-n 0`): a test that passes only after another has run, or only before, fails here.

    In parallel (`-n auto --dist worksteal`) and in the usual order, a test that relies on what
    another left behind (a root edited in place, a module's state, a build made by an earlier
    test) can pass by luck. Arguments after `--` go to every pytest run (`-- -m "not browser"`).
    Every run is made, and the session fails at the end naming the runs that failed.
    """
    install_group(session, "test")
    cache_bytecode(session)
    files = sorted(path.relative_to(ROOT).as_posix() for path in (ROOT / "tests").glob("test_*.py"))
    runs = [[file] for file in files] + [["--reverse", *files]]
    failed = []
    for run in runs:
        try:
            # 5: every test of the file deselected by the arguments (`-m "not browser"`).
            session.run("pytest", "-n", "0", "-q", *run, *session.posargs, success_codes=[0, 5])
        except nox.command.CommandFailed:
            failed.append(run[0] if len(run) == 1 else "the whole suite backwards")
    if failed:
        session.error("failed: " + ", ".join(failed))


def unpinned_group(group: str) -> list[str]:
    """The packages a dependency group of pyproject.toml names (its included groups too), with
    their extras and without their pins."""
    groups = tomllib.loads((ROOT / "pyproject.toml").read_text())["dependency-groups"]
    names: list[str] = []
    for item in groups[group]:
        if isinstance(item, dict):
            names += unpinned_group(item["include-group"])
        else:
            requirement = Requirement(item)
            extras = f"[{','.join(sorted(requirement.extras))}]" if requirement.extras else ""
            names.append(requirement.name + extras)
    return sorted(set(names))


def locked_versions() -> dict[str, str]:
    """Package name → the version uv.lock pins."""
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return {canonicalize_name(package["name"]): package["version"]
            for package in lock["package"] if "version" in package}


@nox.session(name="tests-latest")
def tests_latest(session: nox.Session) -> None:
    """Run the test suite on the newest release of every dependency, uv.lock left untouched.

    The test group's packages, their pins lifted, are resolved afresh into a throwaway lock,
    .nox/tests-latest/resolved.txt (`uv pip compile --upgrade`), which this session's own
    environment is synced to. The session prints each package whose newest release is not the
    one uv.lock pins: when the tests fail here and pass in `nox -s tests`, one of those releases
    broke the site. `--no-install` reruns the tests in the environment as it is.
    """
    if session.venv_backend == "none":
        session.error("tests-latest installs an environment of its own: run it without --no-venv")
    folder = Path(session.virtualenv.location)
    wanted, resolved = folder / "requirements.in", folder / "resolved.txt"
    wanted.write_text("".join(f"{name}\n" for name in unpinned_group("test")))
    session.run_install("uv", "pip", "compile", "--quiet", "--upgrade", "--refresh",
                        "--no-header", str(wanted), "--output-file", str(resolved))
    session.run_install("uv", "pip", "sync", "--quiet", str(resolved))
    if not resolved.is_file():  # --no-install before any install
        session.error("nothing resolved yet: run nox -s tests-latest once without --no-install")
    versions = {canonicalize_name(name): version.strip() for name, version in
                (line.split("==", 1) for line in resolved.read_text().splitlines()
                 if "==" in line and not line.startswith((" ", "#")))}
    locked = locked_versions()
    newer = [f"{name} {locked.get(name, 'not locked')} -> {version}"
             for name, version in sorted(versions.items()) if locked.get(name) != version]
    session.log("newest releases that uv.lock does not pin: "
                + ("; ".join(newer) if newer else "none, uv.lock is up to date"))
    cache_bytecode(session)
    session.run("pytest", *session.posargs)


@nox.session
def lint(session: nox.Session) -> None:
    """Check the Python code with ruff, and type-check the extension with mypy."""
    install_group(session, "lint")
    session.run("ruff", "check", "extensions", "tests", "noxfile.py", "docs/conf.py")
    session.run("mypy", "extensions")


@nox.session
def audit(session: nox.Session) -> None:
    """Audit every page: Lighthouse 100s, valid HTML, no axe violations, no broken links, budget.

    Needs Node, Java and Debian's Chromium; the npm tools are pinned in tests/audit's lockfile.
    """
    install_group(session, "audit")
    site = ROOT / "_build" / "audit"
    # The audit serves this build on localhost:8000 and follows its canonical, sitemap and
    # llms.txt addresses there: a preview of its own, never published.
    session.env["SITE_PREVIEW_URL"] = "http://localhost:8000/"
    build_site(session, site)
    # --ignore-scripts: vnu-jar's postinstall would download a Java; the machine's Java runs it.
    session.run("npm", "ci", "--ignore-scripts", "--no-audit", "--no-fund", "--prefix",
                "tests/audit", external=True)
    session.run("python", "tests/audit/audit.py", str(site))


@nox.session
def screenshots(session: nox.Session) -> None:
    """Build the site, then take screenshots of its main pages (laptop and phone, light and dark)
    into _build/screenshots."""
    install_group(session, "audit")  # the docs, and Playwright
    site = output_dir()
    build_site(session, site)
    session.run("python", "tests/screenshots.py", str(site), str(ROOT / "_build" / "screenshots"))


@nox.session
def bench(session: nox.Session) -> None:
    """Print figures against the bare stack (no assertions): build times, and search download
    size and time to results in Chromium against plain Sphinx search; what the publications
    list's filters add to its page and how long a choice takes.

    `nox -s bench -- --quick` (CI) runs every measurement once at a small size: a check that the
    benchmarks still run, in a few minutes. Other arguments go to tests/bench/build_bench.py.
    """
    install_group(session, "bench")
    quick = "--quick" in session.posargs
    session.run("python", "tests/bench/build_bench.py", *session.posargs)
    # Quick: one round of a sample of the queries, and the search at scale on 100 generated
    # entries, not 2,000: seconds instead of minutes, for figures no one reads there.
    session.run("python", "tests/bench/search_bench.py", *(["--quick"] if quick else []))
    session.run("python", "tests/bench/filters_bench.py",
                *(["--entries", "100", "--repeat", "1"] if quick else []))
