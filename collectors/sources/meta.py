"""Meta's official APIs: Instagram (Graph API), Facebook Pages, and Threads.

- Instagram, with the institution's professional account (`account_id`) and a token with
  `instagram_basic` / `instagram_manage_comments`: its own posts (``GET /{id}/media``), the
  posts it is tagged in (``GET /{id}/tags``), and public posts by hashtag
  (``GET /ig_hashtag_search`` then ``GET /{hashtag-id}/recent_media``, permission
  `Instagram Public Content Access`); comments of its own posts (``GET /{media-id}/comments``).
- Facebook, with a Page token (`pages_read_engagement`, `pages_read_user_content`): the
  Page's posts (``GET /{page-id}/feed``), the posts that mention it (``GET /{page-id}/tagged``)
  and their comments (``GET /{post-id}/comments``).
- Threads, with a token with `threads_basic` and `threads_keyword_search`: public posts by
  keyword (``GET /keyword_search``), and with `account_id` the account's own posts
  (``GET /{id}/threads``) and their replies (``GET /{media-id}/replies``).

Tokens travel in the Authorization header, never in a URL or a message. Graph API errors
(``{"error": {"code": ..., "message": ...}}``) become Indonesian notes that say what to
do: an expired token, a permission not granted, a rate limit reached. Pages are followed
through ``paging.next`` until `max_items`.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from collectors.http import FetchError
from collectors.sources.base import Connector, FetchOutcome, Item, SourceContext
from collectors.sources.social import _api_time, _missing, _queries, _secret, _title

GRAPH = "https://graph.facebook.com/v21.0"
THREADS = "https://graph.threads.net/v1.0"
_PERMISSION_CODES = {3, 10, 100, 200, 803}
_RATE_CODES = {4, 17, 32, 613}


class GraphError(FetchError):
    """A Graph API refusal, explained in Indonesian."""


def _explain(platform: str, body: dict[str, Any], status: int) -> str:
    error = body.get("error") if isinstance(body, dict) else None
    error = error if isinstance(error, dict) else {}
    code = error.get("code")
    detail = str(error.get("message") or f"HTTP {status}")
    if code == 190:
        return (f"{platform}: token akses tidak valid atau kedaluwarsa; buat token baru "
                f"di Meta for Developers ({detail})")
    if code in _PERMISSION_CODES:
        return (f"{platform}: izin aplikasi belum diberikan untuk data ini; minta izin yang "
                f"disebut README (Sumber media sosial) ({detail})")
    if code in _RATE_CODES or status == 429:
        return f"{platform}: batas laju API tercapai; coba lagi nanti ({detail})"
    return f"{platform}: API menolak permintaan ({detail})"


def graph_pages(ctx: SourceContext, url: str, *, token: str, platform: str,
                params: dict[str, str | int], limit: int) -> Iterator[dict[str, Any]]:
    """The objects of a Graph API edge, page after page, at most `limit`."""
    headers = {"Authorization": f"Bearer {token}"}
    count = 0
    next_url: str | None = url
    next_params: dict[str, str | int] | None = params
    while next_url and count < limit:
        resp = ctx.http.request("GET", next_url, headers=headers, params=next_params,
                                ok_statuses=(200, 400, 401, 403))
        try:
            body = resp.json()
        except ValueError as exc:
            raise GraphError(f"{platform}: jawaban API bukan JSON") from exc
        if resp.status != 200 or "error" in body:
            raise GraphError(_explain(platform, body, resp.status))
        for obj in body.get("data") or []:
            yield obj
            count += 1
            if count >= limit:
                return
        # `next` carries the cursor and the fields already: follow it as given.
        next_url = (body.get("paging") or {}).get("next")
        next_params = None


def _post_item(platform: str, obj: dict[str, Any], *, text_key: str, outlet: str,
               url_key: str = "permalink", author: str | None = None,
               parent: str | None = None) -> Item:
    text = str(obj.get(text_key) or "")
    who = obj.get("username") or ((obj.get("from") or {}).get("name")) or author
    url = obj.get(url_key) or obj.get("permalink_url")
    extra: dict[str, Any] = {"platform": platform}
    for key in ("like_count", "comments_count", "media_type"):
        if key in obj:
            extra[key] = obj[key]
    if parent:
        extra["parent"] = parent
        extra["comment"] = True
    return Item(url=url, key=f"{platform}:{obj['id']}", title=_title(text or "(tanpa teks)"),
                text=text, published_at=_api_time(obj.get("timestamp") or obj.get("created_time")),
                outlet=outlet, author=who, extra=extra)


def _edge_items(ctx: SourceContext, outcome: FetchOutcome, url: str, *, what: str, token: str,
                platform: str, params: dict[str, str | int], limit: int, text_key: str,
                outlet: str, url_key: str = "permalink", parent: Item | None = None
                ) -> list[Item]:
    """The objects of one Graph API edge as items, added to `outcome`. A refusal becomes an
    error note naming `what` (the items read before it are kept) and the other edges go on;
    a comment (`parent` given) links to its post when it has no address of its own."""
    items: list[Item] = []
    try:
        for obj in graph_pages(ctx, url, token=token, platform=platform, params=params,
                               limit=limit):
            item = _post_item(platform, obj, text_key=text_key, outlet=outlet, url_key=url_key,
                              parent=parent.key if parent else None)
            if parent is not None:
                item.url = item.url or parent.url
            items.append(item)
    except GraphError as exc:
        outcome.errors.append(f"{what}: {exc}")
    outcome.items.extend(items)
    return items


def _comments(ctx: SourceContext, outcome: FetchOutcome, posts: list[Item], *, base: str,
              token: str, platform: str, edge: str, fields: str, text_key: str, outlet: str,
              limit: int) -> None:
    for post in posts:
        post_id = (post.key or "").split(":", 1)[1]
        _edge_items(ctx, outcome, f"{base}/{post_id}/{edge}", what=f"komentar {post_id}",
                    token=token, platform=platform, params={"fields": fields, "limit": 50},
                    limit=limit, text_key=text_key, outlet=outlet, parent=post)


class InstagramConnector(Connector):
    def fetch(self, ctx: SourceContext) -> FetchOutcome:
        cfg = self.config
        outcome = FetchOutcome()
        token = _secret(cfg.access_token, ctx.credentials.meta_access_token)
        if not token:
            return _missing(outcome, "access_token Instagram (PANTAU_META_ACCESS_TOKEN)")
        if not cfg.account_id:
            return _missing(outcome, "account_id (akun profesional Instagram instansi)")
        base = (cfg.url or GRAPH).rstrip("/")
        outlet = cfg.outlet or "Instagram"

        def posts(url: str, what: str, params: dict[str, str | int]) -> list[Item]:
            return _edge_items(ctx, outcome, url, what=what, token=token, platform="instagram",
                               params=params, limit=cfg.max_items, text_key="caption",
                               outlet=outlet)

        fields = "id,caption,timestamp,permalink,username,like_count,comments_count,media_type"
        own = posts(f"{base}/{cfg.account_id}/media", "pos akun",
                    {"fields": fields, "limit": 50})
        posts(f"{base}/{cfg.account_id}/tags", "pos yang menandai akun",
              {"fields": fields, "limit": 50})
        if cfg.hashtag:
            tag = cfg.hashtag.lstrip("#")
            what = f"tagar #{tag}"
            try:
                found = list(graph_pages(ctx, f"{base}/ig_hashtag_search", token=token,
                                         platform="instagram",
                                         params={"user_id": cfg.account_id, "q": tag}, limit=1))
            except GraphError as exc:
                outcome.errors.append(f"{what}: {exc}")
                found = []
            for hashtag in found:
                posts(f"{base}/{hashtag['id']}/recent_media", what,
                      {"user_id": cfg.account_id, "limit": 50,
                       "fields": "id,caption,timestamp,permalink,like_count,comments_count"})
        if cfg.include_comments:
            _comments(ctx, outcome, own, base=base, token=token, platform="instagram",
                      edge="comments", fields="id,text,timestamp,username", text_key="text",
                      outlet=outlet, limit=cfg.max_items)
        return outcome


class FacebookConnector(Connector):
    def fetch(self, ctx: SourceContext) -> FetchOutcome:
        cfg = self.config
        outcome = FetchOutcome()
        token = _secret(cfg.access_token, ctx.credentials.meta_access_token)
        if not token:
            return _missing(outcome, "access_token Halaman Facebook (PANTAU_META_ACCESS_TOKEN)")
        if not cfg.page_id:
            return _missing(outcome, "page_id (Halaman Facebook instansi)")
        base = (cfg.url or GRAPH).rstrip("/")
        outlet = cfg.outlet or "Facebook"
        params: dict[str, str | int] = {"fields": "id,message,created_time,permalink_url,from",
                                        "limit": 50}
        posts: list[Item] = []
        for edge, what in (("feed", "pos Halaman"), ("tagged", "pos yang menyebut Halaman")):
            posts += _edge_items(ctx, outcome, f"{base}/{cfg.page_id}/{edge}", what=what,
                                 token=token, platform="facebook", params=params,
                                 limit=cfg.max_items, text_key="message", outlet=outlet,
                                 url_key="permalink_url")
        if cfg.include_comments:
            _comments(ctx, outcome, posts, base=base, token=token, platform="facebook",
                      edge="comments", fields="id,message,created_time,from,permalink_url",
                      text_key="message", outlet=outlet, limit=cfg.max_items)
        return outcome


class ThreadsConnector(Connector):
    def fetch(self, ctx: SourceContext) -> FetchOutcome:
        cfg = self.config
        outcome = FetchOutcome()
        token = _secret(cfg.access_token, ctx.credentials.threads_access_token)
        if not token:
            return _missing(outcome, "access_token Threads (PANTAU_THREADS_ACCESS_TOKEN)")
        base = (cfg.url or THREADS).rstrip("/")
        outlet = cfg.outlet or "Threads"
        fields = "id,text,timestamp,permalink,username"
        for query in _queries(self, ctx):
            _edge_items(ctx, outcome, f"{base}/keyword_search", what=f"pencarian '{query}'",
                        token=token, platform="threads", limit=cfg.max_items, text_key="text",
                        outlet=outlet, params={"q": query, "search_type": "RECENT",
                                               "fields": fields, "limit": 50})
        if cfg.account_id:
            own = _edge_items(ctx, outcome, f"{base}/{cfg.account_id}/threads",
                              what="utas akun", token=token, platform="threads",
                              params={"fields": fields, "limit": 50}, limit=cfg.max_items,
                              text_key="text", outlet=outlet)
            if cfg.include_comments:
                _comments(ctx, outcome, own, base=base, token=token, platform="threads",
                          edge="replies", fields=fields, text_key="text", outlet=outlet,
                          limit=cfg.max_items)
        return outcome
