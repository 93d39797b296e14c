"""URL canonicalisation: one identity per story copy, whatever link led to it.

Removes tracking parameters (utm_*, fbclid, gclid, ...), fragments, AMP and mobile
variants (``m.``/``amp.``/``www.`` hosts, ``/amp`` path suffixes, ``?amp``), "whole article
on one page" switches (``?page=all``, ``?single=1``), default ports and trailing slashes;
lower-cases the host and sorts the remaining query parameters.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

_TRACKING = {
    "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "igshid", "mc_cid",
    "mc_eid", "_ga", "_gl", "ref", "ref_src", "ref_url", "cmpid", "s_cid", "spm", "share",
    "src", "_branch_match_id", "ncid", "sr_share", "twclid", "ttclid",
    "amp", "amp_js_v", "usqp", "outputtype", "tracking", "rcm",
}
_PAGE_ALL = {("page", "all"), ("single", "1"), ("showpage", "all"), ("page", "1"),
             ("single", "true"), ("view", "all")}
_HOST_PREFIXES = ("www.", "m.", "amp.", "mobile.", "wap.")
_AMP_SUFFIX = re.compile(r"/(amp|amp\.html)/?$", re.IGNORECASE)


def _host(netloc: str, scheme: str) -> str:
    host = netloc.lower()
    if "@" in host:
        host = host.rsplit("@", 1)[1]
    if (scheme == "http" and host.endswith(":80")) or (scheme == "https" and host.endswith(":443")):
        host = host.rsplit(":", 1)[0]
    for prefix in _HOST_PREFIXES:
        if host.startswith(prefix) and host.count(".") >= 2:
            host = host[len(prefix):]
            break
    return host


def canonical_url(url: str) -> str:
    """The canonical form of `url` (see the module docstring)."""
    url = url.strip()
    parts = urlsplit(url)
    scheme = (parts.scheme or "http").lower()
    if scheme not in ("http", "https"):
        return url
    path = parts.path or "/"
    path = re.sub(r"/{2,}", "/", path)
    path = _AMP_SUFFIX.sub("", path) or "/"
    if path.endswith(".amp"):
        path = path[: -len(".amp")]
    if len(path) > 1:
        path = path.rstrip("/") or "/"
    params = []
    for key, value in parse_qsl(parts.query, keep_blank_values=True):
        low = key.lower()
        if low.startswith("utm_") or low in _TRACKING or (low, value.lower()) in _PAGE_ALL:
            continue
        params.append((key, value))
    params.sort()
    return urlunsplit((scheme, _host(parts.netloc, scheme), path, urlencode(params), ""))


_LOOPBACK = re.compile(r"^(127\.0\.0\.1|localhost|\[::1\]):\d+(?=/|$)")


def url_key(url: str) -> str:
    """The identity of a web copy: its canonical URL without the scheme. A page on this
    machine (127.0.0.1, localhost) is keyed without its port: a local server (the demo's
    sample sites) takes a free port each run, and a page seen once is not fetched again."""
    canon = canonical_url(url)
    key = canon.split("://", 1)[1] if "://" in canon else canon
    return _LOOPBACK.sub(r"\1", key)


def domain(url: str) -> str:
    return _host(urlsplit(url).netloc, urlsplit(url).scheme or "http").split(":")[0]
