"""Sitemaps and links as a crawl reads them: same origin only, no entity expansion, no file reads."""

from ingest.site_links import page_links, read_sitemap

ORIGIN = "http://harbor.test"
_LOLS = "".join(
    f'<!ENTITY lol{i} "{("&lol%d;" % (i - 1)) * 10}">' for i in range(2, 10)
)
BOMB = (f'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol1 "lol">{_LOLS}]>'
        f'<urlset><url><loc>{ORIGIN}/&lol9;</loc></url></urlset>').encode()
EXTERNAL = (f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/hostname">]>'
            f'<urlset><url><loc>{ORIGIN}/&e;</loc></url></urlset>').encode()


def test_a_sitemap_keeps_its_own_origin_and_expands_no_entity():
    plain = read_sitemap(f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc> {ORIGIN}/a.html '
                         f'</loc></url><url><loc>http://other.test/b.html</loc></url><url><loc>{ORIGIN}/a.html'
                         f'</loc></url></urlset>'.encode(), ORIGIN + "/sitemap.xml", ORIGIN)
    assert plain.pages == [f"{ORIGIN}/a.html"] and plain.sitemaps == []
    assert read_sitemap(BOMB, ORIGIN + "/sitemap.xml", ORIGIN) is None
    external = read_sitemap(EXTERNAL, ORIGIN + "/sitemap.xml", ORIGIN)
    assert external.pages == [f"{ORIGIN}/"]
    assert read_sitemap(b"<rss><channel/></rss>", ORIGIN + "/feed.xml", ORIGIN) is None
    assert read_sitemap(b"not xml at all", ORIGIN + "/x.xml", ORIGIN) is None


def test_links_of_the_same_origin_that_are_pages():
    html = (b'<a href="/one.html#top">1</a><a href="two.html">2</a><a href="http://other.test/x">x</a>'
            b'<a href="javascript:alert(1)">j</a><a href="mailto:a@b.c">m</a><a href="/logo.PNG">l</a>'
            b'<a href="https://harbor.test/tls">s</a><a href="http://[::1">bad</a><a href="/one.html">again</a>'
            b'<a rel="nofollow" href="/skip.html">n</a>')
    assert page_links(html, ORIGIN + "/dir/index.html", ORIGIN) == [f"{ORIGIN}/one.html", f"{ORIGIN}/dir/two.html"]
    assert page_links(b'<meta name="robots" content="noindex, NOFOLLOW"><a href="/one.html">1</a>',
                      ORIGIN + "/", ORIGIN) == []
