"""Fail if the built documentation site loads anything from the network.

`make docs` runs it on site/ after the build: every page must open without a connection, so
no stylesheet, script, font, image or frame may come from another host (links to other
sites are fine: they are followed only when clicked). Material's default Google Fonts are
the usual culprit (mkdocs.yml turns them off).

    python scripts/check_docs_offline.py [site]
"""

from __future__ import annotations

import re
import sys
from html.parser import HTMLParser
from pathlib import Path

REMOTE = re.compile(r"^(https?:)?//", re.IGNORECASE)
CSS_REMOTE = re.compile(r"(@import\s+|url\()\s*['\"]?(https?:)?//", re.IGNORECASE)
LOADED = {"script": "src", "img": "src", "iframe": "src", "source": "src", "embed": "src"}
"""Tags whose attribute the browser fetches as soon as the page opens."""
LINK_RELS = {"stylesheet", "preconnect", "preload", "icon", "manifest", "modulepreload"}


class _Loads(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.remote: list[str] = []
        self._tag = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self._tag = tag
        values = {name: value or "" for name, value in attrs}
        if tag in LOADED and REMOTE.match(values.get(LOADED[tag], "")):
            self.remote.append(f"<{tag} {LOADED[tag]}={values[LOADED[tag]]}>")
        rels = set(values.get("rel", "").lower().split())
        if tag == "link" and rels & LINK_RELS and REMOTE.match(values.get("href", "")):
            self.remote.append(f"<link rel={values['rel']} href={values['href']}>")
        if CSS_REMOTE.search(values.get("style", "")):
            self.remote.append(f"<{tag} style=...> with a remote url()")

    def handle_data(self, data: str) -> None:
        # an inline <style> block: an @import or url() of another host (fonts, say)
        if self._tag == "style" and CSS_REMOTE.search(data):
            self.remote.append("an inline <style> loading a remote url()")


def problems(site: Path) -> list[str]:
    """Every resource of the built site that would be fetched from the network."""
    found: list[str] = []
    for page in sorted(site.rglob("*.html")):
        parser = _Loads()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [f"{page.relative_to(site)}: {what}" for what in parser.remote]
    for sheet in sorted(site.rglob("*.css")):
        if CSS_REMOTE.search(sheet.read_text(encoding="utf-8")):
            found.append(f"{sheet.relative_to(site)}: loads a remote url()")
    return found


def main(argv: list[str]) -> int:
    site = Path(argv[1] if len(argv) > 1 else "site")
    if not (site / "index.html").is_file():
        print(f"{site}/index.html not found: build the site first (make docs)", file=sys.stderr)
        return 2
    found = problems(site)
    for line in found:
        print(f"needs the network: {line}", file=sys.stderr)
    if found:
        return 1
    pages = sum(1 for _ in site.rglob("*.html"))
    print(f"{site}: {pages} pages, nothing loaded from the network")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
