"""Sphinx configuration of the static book. Everything about the book itself (title, authors,
license, chapter order) comes from ../book.toml; this file only says how to build it.

Offline by design: MathJax and the ipywidgets HTML manager are served from the build's own
_static/vendor folder (copied from book/node_modules, installed by `npm ci` from the pinned
package-lock.json), never from a CDN.
"""

import os
import shutil
import tomllib
from pathlib import Path

HERE = Path(__file__).resolve().parent
BOOK = tomllib.loads((HERE.parent / "book.toml").read_text())["book"]
NODE = HERE / "node_modules"

project = BOOK["title"]
author = ", ".join(BOOK["authors"])
copyright = f"{author}. {BOOK['license']}"
language = BOOK.get("language", "en")

extensions = ["myst_nb"]
root_doc = "index"
exclude_patterns = ["_build", "node_modules", "**/.ipynb_checkpoints", "README.md"]
myst_enable_extensions = ["dollarmath", "amsmath"]

# Chapters are built from their saved outputs; `make book EXECUTE=1` runs each one first.
nb_execution_mode = "force" if os.environ.get("NB_EXECUTE") else "off"
nb_execution_timeout = 600
nb_execution_raise_on_error = True

html_theme = "sphinx_book_theme"
html_title = BOOK["title"]
html_favicon = "favicon.svg"
html_theme_options = {
    "show_toc_level": 2,
    "use_download_button": True,
    "path_to_docs": "book",
}
html_context = {"default_mode": "auto"}      # silences pydata's "invalid theme mode" page error
html_last_updated_fmt = None

# MathJax 4 from our own files, only TeX input and CommonHTML output: see mathjax-config.js.
mathjax_path = "vendor/mathjax/tex-chtml.js"
mathjax_config_path = "mathjax-config.js"

# The widget HTML manager: the self-contained, non-AMD build (no require.js).
nb_ipywidgets_js = {"vendor/html-manager/embed.js": {}}

# (what to copy, where under _static/vendor): just the files the pages load.
VENDOR = [
    (NODE / "mathjax" / "tex-chtml.js", "mathjax/tex-chtml.js"),
    (NODE / "mathjax" / "input", "mathjax/input"),
    (NODE / "mathjax" / "output", "mathjax/output"),
    (NODE / "mathjax" / "ui", "mathjax/ui"),
    (NODE / "mathjax" / "a11y", "mathjax/a11y"),
    (NODE / "@mathjax" / "mathjax-newcm-font" / "chtml", "mathjax/fonts/mathjax-newcm-font/chtml"),
    (NODE / "@mathjax" / "mathjax-newcm-font" / "chtml.js", "mathjax/fonts/mathjax-newcm-font/chtml.js"),
    (NODE / "@jupyter-widgets" / "html-manager" / "dist", "html-manager"),
]
SKIP = shutil.ignore_patterns("*.map", "*amd*", "*.LICENSE.txt", "*.d.ts")


def book_toctree(app, docname, source):
    """Append the chapters, in book.toml's order, to the landing page."""
    if docname != root_doc:
        return
    chapters = [str(Path(c).with_suffix("")) for c in BOOK["chapters"]]
    source[0] += "\n\n```{toctree}\n:maxdepth: 1\n:caption: Chapters\n\n" + "\n".join(chapters) + "\n```\n"


def copy_vendor(app, exception):
    if exception or app.builder.format != "html":
        return
    target = Path(app.builder.outdir) / "_static" / "vendor"
    for src, dst in VENDOR:
        if not src.exists():
            raise FileNotFoundError(f"{src} is missing: run `npm ci` in book/ (make book does)")
        out = target / dst
        if src.is_dir():
            shutil.copytree(src, out, ignore=SKIP, dirs_exist_ok=True)
        else:
            out.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, out)


def setup(app):
    # The theme's FontAwesome script replaces <i class="fa ..."> with <svg>, including the icons
    # of widget buttons (Play), whose code then fails to update them. "nest" keeps the <i>.
    app.add_js_file(None, body='window.FontAwesomeConfig = {autoReplaceSvg: "nest"};', priority=100)
    app.connect("source-read", book_toctree)
    app.connect("build-finished", copy_vendor)
