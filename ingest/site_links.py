"""What a site says about its pages: the URLs a sitemap lists, the same-origin links an HTML page has."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import PurePosixPath
from urllib.parse import urldefrag, urljoin, urlsplit

# Links to these are not pages to read: not fetched at all, so a crawl spends its page limit on text.
_NOT_PAGES = frozenset(
    ".png .jpg .jpeg .gif .webp .svg .ico .bmp .tif .tiff .avif .css .js .mjs .json .woff .woff2 .ttf "
    ".eot .zip .gz .tgz .bz2 .xz .7z .rar .tar .exe .dmg .iso .apk .deb .rpm .msi .mp3 .mp4 .m4a .wav "
    ".ogg .webm .avi .mov .mkv .flac".split()
)
_SITEMAP_TAGS = ("urlset", "sitemapindex")


@dataclass
class Sitemap:
    """A sitemap's page URLs, or (a sitemap index) the URLs of further sitemaps."""

    pages: list[str] = field(default_factory=list)
    sitemaps: list[str] = field(default_factory=list)


def origin_of(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}".lower()


def same_origin_page(link: str, base: str, origin: str) -> str | None:
    """`link` made absolute against `base`, without its #fragment, when it is an http(s) page of
    `origin` that is worth fetching; None otherwise."""
    try:
        absolute = urldefrag(urljoin(base, link.strip())).url
        parts = urlsplit(absolute)
    except ValueError:  # a malformed link (bad port, brackets) is no page
        return None
    if parts.scheme not in ("http", "https") or origin_of(absolute) != origin:
        return None
    if PurePosixPath(parts.path).suffix.lower() in _NOT_PAGES:
        return None
    return absolute


def page_links(html: bytes, base: str, origin: str) -> list[str]:
    """The page's `<a href>` links to other pages of `origin`, in order, each once."""
    from selectolax.lexbor import LexborHTMLParser

    tree = LexborHTMLParser(html.decode("utf-8", "replace"))
    for meta in tree.css("meta[name=robots]"):
        if "nofollow" in (meta.attributes.get("content") or "").lower():
            return []
    links: dict[str, None] = {}
    for anchor in tree.css("a[href]"):
        if "nofollow" in (anchor.attributes.get("rel") or "").lower():
            continue
        page = same_origin_page(anchor.attributes.get("href") or "", base, origin)
        if page is not None:
            links[page] = None
    return list(links)


def read_sitemap(body: bytes, base: str, origin: str) -> Sitemap | None:
    """The sitemap in `body` (sitemaps.org XML) keeping only URLs of `origin`; None when the body is
    not a sitemap. Entities are not expanded and nothing is fetched while parsing."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, load_dtd=False)
    try:
        root = etree.fromstring(body, parser=parser)
    except (etree.XMLSyntaxError, ValueError):
        return None
    if root is None or etree.QName(root).localname not in _SITEMAP_TAGS:
        return None
    found = Sitemap()
    listed = found.pages if etree.QName(root).localname == "urlset" else found.sitemaps
    for loc in root.iter("{*}loc"):
        url = same_origin_page(loc.text or "", base, origin) if (loc.text or "").strip() else None
        if url is not None and url not in listed:
            listed.append(url)
    return found
