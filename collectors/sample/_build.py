# ruff: noqa: E501  (HTML templates)
"""Regenerate the bundled sample site from stories.json (developer tool, not shipped
behaviour): `python -m collectors.sample._build`. Writes collectors/sample/site/."""

from __future__ import annotations

import html
import json
import shutil
from datetime import datetime
from email.utils import format_datetime
from pathlib import Path

HERE = Path(__file__).parent
SITE = HERE / "site"

OUTLETS = {
    "warta": ("Warta Nusantara", "wartanusantara"),
    "kabar": ("Kabar Ibu Kota", "kabaribukota"),
    "sinar": ("Harian Sinar Pagi", "sinarpagi"),
    "suara": ("Suara Rakyat Online", "suararakyat"),
}
# (original slug, copying outlet, new first sentence prefix)
SYNDICATED = [
    ("bansos-pkh-tahap-empat-cair", "kabar", "Jakarta (Kabar Ibu Kota) - "),
    ("bansos-pkh-tahap-empat-cair", "sinar", "JAKARTA, SINARPAGI - "),
    ("korupsi-pengadaan-bansos-sidang", "warta", "Jakarta (Warta) - "),
    ("lumbung-sosial-banjir-demak", "sinar", "DEMAK, SINARPAGI - "),
]

NAV = ("<nav class='menu'><a href='/'>Beranda</a> <a href='#'>Nasional</a> <a href='#'>Ekonomi</a>"
       " <a href='#'>Politik</a> <a href='#'>Daerah</a> <a href='#'>Olahraga</a></nav>")


def wib(date: str) -> str:
    d = datetime.fromisoformat(date)
    days = ["Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu"]
    months = ["Januari", "Februari", "Maret", "April", "Mei", "Juni", "Juli", "Agustus",
              "September", "Oktober", "November", "Desember"]
    return f"{days[d.weekday()]}, {d.day} {months[d.month - 1]} {d.year} {d:%H:%M} WIB"


def body_paras(paras: list[str], related: str) -> str:
    out = []
    for i, p in enumerate(paras):
        out.append(f"<p>{html.escape(p)}</p>")
        if i == 1:
            out.append(f"<p class='baca-juga'><strong>Baca juga:</strong> <a href='#'>{related}</a></p>")
    return "\n".join(out)


def layout_warta(s: dict, name: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{html.escape(s['title'])} - {name}</title>
<meta name="description" content="{html.escape(s['paras'][0][:150])}">
<meta property="og:site_name" content="{name}">
<meta property="og:type" content="article">
<meta property="og:title" content="{html.escape(s['title'])}">
<meta property="article:published_time" content="{s['date']}">
<meta name="author" content="{s['author']}">
<script>window.dataLayer=window.dataLayer||[];</script>
</head><body>
<header><div class="logo">{name}</div>{NAV}</header>
<div class="iklan">Iklan: Promo akhir tahun</div>
<main><div class="breadcrumb">Beranda &rsaquo; Nasional</div>
<article class="post">
<h1 class="post-title">{html.escape(s['title'])}</h1>
<div class="post-meta"><span class="author">Oleh {s['author']}</span> | <time datetime="{s['date']}">{wib(s['date'])}</time></div>
<div class="post-content">
{body_paras(s['paras'], 'Harga cabai di pasar induk naik')}
<p>Pewarta: {s['author']}<br>Editor: Redaksi {name}</p>
</div>
<div class="tags">Tag: <a href="#">bansos</a> <a href="#">kemensos</a></div>
</article>
<aside class="terpopuler"><h3>Terpopuler</h3><ol><li><a href="#">Jadwal KRL hari ini</a></li><li><a href="#">Cuaca Jakarta</a></li></ol></aside>
</main><footer>&copy; 2026 {name}. Hak cipta dilindungi undang-undang.</footer></body></html>
"""


def layout_kabar(s: dict, name: str) -> str:
    ld = json.dumps({"@context": "https://schema.org", "@type": "NewsArticle",
                     "headline": s["title"], "datePublished": s["date"],
                     "author": {"@type": "Person", "name": s["author"]},
                     "publisher": {"@type": "Organization", "name": name}}, ensure_ascii=False)
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{html.escape(s['title'])} | {name}</title>
<meta property="og:site_name" content="{name}">
<script type="application/ld+json">{ld}</script>
</head><body>
<div id="top-bar">{NAV}</div>
<div class="container"><div class="col-main">
<h1 class="detail__title">{html.escape(s['title'])}</h1>
<div class="detail__author">{s['author']} - {name}</div>
<div class="detail__date">{wib(s['date'])}</div>
<div class="detail__body-text itp_bodycontent">
{body_paras(s['paras'], 'Lowongan kerja BUMN dibuka')}
</div>
<div class="detail__share">Bagikan: Facebook Twitter WhatsApp</div>
<div class="komentar">Komentar (0)</div>
</div><div class="col-side"><div class="widget">Berita Terkait</div></div></div>
<footer>Redaksi | Pedoman Media Siber | Kontak</footer></body></html>
"""


def layout_sinar(s: dict, name: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="id"><head>
<meta http-equiv="Content-Type" content="text/html; charset=utf-8">
<title>{html.escape(s['title'])}</title>
<meta property="og:site_name" content="{name}">
<meta itemprop="datePublished" content="{s['date']}">
</head><body>
<table class="header"><tr><td>{name}</td><td>{NAV}</td></tr></table>
<div class="read__content">
<div class="read__title"><h1>{html.escape(s['title'])}</h1></div>
<div class="read__credit">Penulis: {s['author']} | {wib(s['date'])}</div>
<div class="clearfix">
{body_paras(s['paras'], 'Tips hemat listrik di musim hujan')}
</div></div>
<div class="ads">ADVERTISEMENT</div>
<div class="footer">{name} - Terpercaya sejak 1998</div></body></html>
"""


def layout_suara(s: dict, name: str) -> str:
    return f"""<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<title>{html.escape(s['title'])} - {name}</title>
<meta property="og:site_name" content="{name}">
<meta name="pubdate" content="{s['date']}">
</head><body>
<div class="navbar">{NAV}</div>
<section class="content">
<div class="article-header"><h1>{html.escape(s['title'])}</h1>
<p class="byline">Reporter: {s['author']} &middot; {wib(s['date'])}</p></div>
<div class="article-body" id="isi">
{body_paras(s['paras'], 'Viral pengendara motor lawan arah')}
</div>
<div class="related"><h4>Berita Lainnya</h4><ul><li><a href="#">Timnas U-20 menang</a></li></ul></div>
</section><footer>{name}</footer></body></html>
"""


LAYOUTS = {"warta": layout_warta, "kabar": layout_kabar, "sinar": layout_sinar,
           "suara": layout_suara}


def article_url(outlet: str, slug: str) -> str:
    return f"{{{{BASE}}}}/{outlet}/berita/2026/11/{slug}.html"


def rss(outlet: str, items: list[dict]) -> str:
    name = OUTLETS[outlet][0]
    entries = "\n".join(f"""<item><title>{html.escape(s['title'])}</title>
<link>{article_url(outlet, s['slug'])}?utm_source=rss&amp;utm_medium=feed</link>
<guid isPermaLink="false">{outlet}-{s['slug']}</guid>
<pubDate>{format_datetime(datetime.fromisoformat(s['date']))}</pubDate>
<description><![CDATA[{s['paras'][0][:200]}]]></description>
<category>Nasional</category></item>""" for s in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom"><channel>
<title>{name} - Nasional</title><link>{{{{BASE}}}}/{outlet}/</link>
<description>Berita nasional terkini</description><language>id</language>
{entries}
</channel></rss>
"""


def atom(outlet: str, items: list[dict]) -> str:
    name = OUTLETS[outlet][0]
    entries = "\n".join(f"""<entry><title>{html.escape(s['title'])}</title>
<link rel="alternate" href="{article_url(outlet, s['slug'])}"/>
<id>tag:{outlet},2026:{s['slug']}</id>
<published>{s['date']}</published><updated>{s['date']}</updated>
<author><name>{s['author']}</name></author>
<summary>{html.escape(s['paras'][0][:200])}</summary></entry>""" for s in items)
    return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>{name}</title>
<id>tag:{outlet},2026:feed</id><updated>2026-11-16T00:00:00+07:00</updated>
{entries}
</feed>
"""


def sitemap(outlet: str, items: list[dict]) -> str:
    name = OUTLETS[outlet][0]
    urls = "\n".join(f"""<url><loc>{article_url(outlet, s['slug'])}</loc><news:news>
<news:publication><news:name>{name}</news:name><news:language>id</news:language></news:publication>
<news:publication_date>{s['date']}</news:publication_date>
<news:title>{html.escape(s['title'])}</news:title></news:news></url>""" for s in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
{urls}
</urlset>
"""


def google_news(items: list[dict]) -> str:
    entries = "\n".join(f"""<item><title>{html.escape(s['title'])} - {OUTLETS[s['outlet']][0]}</title>
<link>{article_url(s['outlet'], s['slug'])}</link>
<guid isPermaLink="false">gn-{s['outlet']}-{s['slug']}</guid>
<pubDate>{format_datetime(datetime.fromisoformat(s['date']))}</pubDate>
<description>&lt;a href="{article_url(s['outlet'], s['slug'])}"&gt;{html.escape(s['title'])}&lt;/a&gt;&amp;nbsp;&amp;nbsp;&lt;font color="#6f6f6f"&gt;{OUTLETS[s['outlet']][0]}&lt;/font&gt;</description>
<source url="{{{{BASE}}}}/{s['outlet']}/">{OUTLETS[s['outlet']][0]}</source></item>""" for s in items)
    return f"""<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<rss version="2.0" xmlns:media="http://search.yahoo.com/mrss/"><channel>
<generator>NFE/5.0</generator><title>"Kementerian Sosial" - Google Berita</title>
<link>https://news.google.com/search?q=Kementerian+Sosial&amp;hl=id&amp;gl=ID&amp;ceid=ID:id</link>
<language>id</language><webMaster>news-webmaster@google.com</webMaster>
<copyright>2026 Google Inc.</copyright><lastBuildDate>Mon, 16 Nov 2026 06:00:00 GMT</lastBuildDate>
<description>Google Berita</description>
{entries}
</channel></rss>
"""


def build() -> None:
    stories = json.loads((HERE / "stories.json").read_text(encoding="utf-8"))
    by_slug = {s["slug"]: s for s in stories}
    if SITE.exists():
        shutil.rmtree(SITE)
    per_outlet: dict[str, list[dict]] = {o: [] for o in OUTLETS}
    for s in stories:
        per_outlet[s["outlet"]].append(s)
    for slug, outlet, prefix in SYNDICATED:
        orig = by_slug[slug]
        first = orig["paras"][0].split(" - ", 1)[-1]
        copy = dict(orig, outlet=outlet, slug=f"{slug}-salinan",
                    paras=[prefix + first] + orig["paras"][1:],
                    date=orig["date"].replace(":00+07", ":30+07"))
        per_outlet[outlet].append(copy)
    for outlet, items in per_outlet.items():
        name = OUTLETS[outlet][0]
        folder = SITE / outlet / "berita" / "2026" / "11"
        folder.mkdir(parents=True, exist_ok=True)
        for s in items:
            (folder / f"{s['slug']}.html").write_text(LAYOUTS[outlet](s, name),
                                                      encoding="utf-8")
    (SITE / "warta" / "rss.xml").write_text(rss("warta", per_outlet["warta"]), encoding="utf-8")
    (SITE / "kabar" / "atom.xml").write_text(atom("kabar", per_outlet["kabar"]),
                                             encoding="utf-8")
    (SITE / "sinar" / "sitemap-news.xml").write_text(sitemap("sinar", per_outlet["sinar"]),
                                                     encoding="utf-8")
    gnews = per_outlet["suara"] + per_outlet["warta"][:3]
    (SITE / "google-news.xml").write_text(google_news(gnews), encoding="utf-8")
    (SITE / "robots.txt").write_text("User-agent: *\nDisallow: /sinar/admin/\n", encoding="utf-8")


if __name__ == "__main__":
    build()
