"""Social media connectors speaking the real APIs' JSON:

- Mastodon: hashtag timeline ``GET /api/v1/timelines/tag/:hashtag`` (public, no token)
  and status search ``GET /api/v2/search?type=statuses`` (needs an access token);
- Reddit: OAuth client credentials (``POST /api/v1/access_token``) then
  ``GET https://oauth.reddit.com/search`` (Listing of t3 posts);
- YouTube Data API v3: ``search.list`` (videos for a query) and ``commentThreads.list``;
- X API v2: ``GET /2/tweets/search/recent`` with ``expansions=author_id``.

A connector whose credential is missing is skipped with a note. Credentials are sent only
in headers/parameters and never written to messages.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from pydantic import SecretStr

from collectors.http import FetchError
from collectors.query import parse_query
from collectors.sources.base import Connector, FetchOutcome, Item, SourceContext
from collectors.sources.feeds import strip_html
from pantau.core.dates import parse_iso


def _api_time(value: str | None) -> datetime | None:
    """A timestamp of these APIs: they document UTC ("...Z"), so a time without zone is UTC."""
    return parse_iso(value, default_tz=UTC)


def _secret(*values: SecretStr | None) -> str | None:
    for value in values:
        if value is not None and value.get_secret_value():
            return value.get_secret_value()
    return None


def _queries(connector: Connector, ctx: SourceContext) -> list[str]:
    if connector.config.query:
        return [connector.config.query]
    return [parse_query(q).to_google() for q in ctx.profile_queries.values()]


def _title(text: str, limit: int = 120) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1].rsplit(" ", 1)[0] + "…"


def _missing(outcome: FetchOutcome, what: str) -> FetchOutcome:
    outcome.skipped = True
    outcome.notes.append(f"dilewati: {what} belum diatur")
    return outcome


class MastodonConnector(Connector):
    def fetch(self, ctx: SourceContext) -> FetchOutcome:
        cfg = self.config
        outcome = FetchOutcome()
        base = (cfg.url or "https://mastodon.social").rstrip("/")
        token = _secret(cfg.token, ctx.credentials.mastodon_token)
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        limit = min(cfg.max_items, 40)
        statuses: list[dict] = []
        if cfg.hashtag:
            tag = cfg.hashtag.lstrip("#")
            resp = ctx.http.get(f"{base}/api/v1/timelines/tag/{tag}", headers=headers,
                                params={"limit": limit})
            statuses.extend(resp.json())
        if cfg.query or not cfg.hashtag:
            if not token:
                if not cfg.hashtag:
                    return _missing(outcome, "token Mastodon (pencarian status memerlukan "
                                             "token; atau isi 'hashtag')")
                outcome.notes.append("pencarian status dilewati: token Mastodon belum diatur")
            else:
                for query in _queries(self, ctx):
                    resp = ctx.http.get(f"{base}/api/v2/search", headers=headers, params={
                        "q": query, "type": "statuses", "limit": limit, "resolve": "false"})
                    statuses.extend(resp.json().get("statuses", []))
        for status in statuses:
            post = status.get("reblog") or status
            text = strip_html(post.get("content"))
            account = post.get("account") or {}
            outcome.items.append(Item(
                url=post.get("url") or post.get("uri"),
                key=f"mastodon:{post.get('uri') or post.get('id')}",
                title=_title(text),
                text=text,
                published_at=_api_time(post.get("created_at")),
                outlet=cfg.outlet or f"Mastodon ({base.split('://')[-1]})",
                author=account.get("acct"),
                language=post.get("language"),
                extra={"platform": "mastodon",
                       "favourites": post.get("favourites_count", 0),
                       "reblogs": post.get("reblogs_count", 0)},
            ))
        return outcome


class RedditConnector(Connector):
    def fetch(self, ctx: SourceContext) -> FetchOutcome:
        cfg = self.config
        outcome = FetchOutcome()
        client_id = _secret(cfg.client_id, ctx.credentials.reddit_client_id)
        client_secret = _secret(cfg.client_secret, ctx.credentials.reddit_client_secret)
        if not (client_id and client_secret):
            return _missing(outcome, "client_id/client_secret Reddit")
        auth_base = (cfg.url or "https://www.reddit.com").rstrip("/")
        api_base = (cfg.url or "https://oauth.reddit.com").rstrip("/")
        token_resp = ctx.http.request(
            "POST", f"{auth_base}/api/v1/access_token",
            data={"grant_type": "client_credentials"}, auth=(client_id, client_secret))
        token = token_resp.json().get("access_token")
        if not token:
            raise FetchError(f"{cfg.name}: Reddit tidak memberi access_token")
        headers = {"Authorization": f"bearer {token}"}
        path = f"/r/{cfg.subreddit}/search" if cfg.subreddit else "/search"
        for query in _queries(self, ctx):
            params: dict[str, str | int] = {"q": query, "sort": "new", "type": "link",
                                            "limit": min(cfg.max_items, 100), "raw_json": 1}
            if cfg.subreddit:
                params["restrict_sr"] = 1
            listing = ctx.http.get(api_base + path, headers=headers, params=params).json()
            for child in listing.get("data", {}).get("children", []):
                if child.get("kind") != "t3":
                    continue
                post = child["data"]
                created = post.get("created_utc")
                outcome.items.append(Item(
                    url="https://www.reddit.com" + post["permalink"],
                    key=f"reddit:{post.get('name') or post.get('id')}",
                    title=post.get("title", ""),
                    text=post.get("selftext", ""),
                    published_at=datetime.fromtimestamp(float(created), tz=UTC)
                    if created is not None else None,
                    outlet=cfg.outlet or f"Reddit {post.get('subreddit_name_prefixed', '')}"
                    .strip(),
                    author=post.get("author"),
                    extra={"platform": "reddit", "score": post.get("score", 0),
                           "comments": post.get("num_comments", 0),
                           "link": post.get("url")},
                ))
        return outcome


class YouTubeConnector(Connector):
    def fetch(self, ctx: SourceContext) -> FetchOutcome:
        cfg = self.config
        outcome = FetchOutcome()
        key = _secret(cfg.api_key, ctx.credentials.youtube_api_key)
        if not key:
            return _missing(outcome, "api_key YouTube")
        base = (cfg.url or "https://www.googleapis.com/youtube/v3").rstrip("/")
        videos: dict[str, str] = {vid: "" for vid in cfg.video_ids}
        if cfg.query or not cfg.video_ids:
            for query in _queries(self, ctx):
                found = ctx.http.get(f"{base}/search", params={
                    "part": "snippet", "q": query, "type": "video", "order": "date",
                    "maxResults": 25, "regionCode": "ID", "relevanceLanguage": "id",
                    "key": key}).json()
                for item in found.get("items", []):
                    vid = (item.get("id") or {}).get("videoId")
                    if vid:
                        videos[vid] = (item.get("snippet") or {}).get("title", "")
        for vid, video_title in videos.items():
            try:
                threads = ctx.http.get(f"{base}/commentThreads", params={
                    "part": "snippet", "videoId": vid, "maxResults": min(cfg.max_items, 100),
                    "order": "time", "textFormat": "plainText", "key": key}).json()
            except FetchError as exc:
                outcome.errors.append(f"komentar video {vid}: {exc}")
                continue
            for thread in threads.get("items", []):
                top = thread["snippet"]["topLevelComment"]
                snip = top["snippet"]
                text = snip.get("textOriginal") or strip_html(snip.get("textDisplay"))
                outcome.items.append(Item(
                    url=f"https://www.youtube.com/watch?v={vid}&lc={top['id']}",
                    key=f"youtube:{top['id']}",
                    title=_title(text),
                    text=text,
                    published_at=_api_time(snip.get("publishedAt")),
                    outlet=cfg.outlet or "YouTube",
                    author=snip.get("authorDisplayName"),
                    extra={"platform": "youtube", "video_id": vid, "video_title": video_title,
                           "likes": snip.get("likeCount", 0)},
                ))
        return outcome


class XConnector(Connector):
    def fetch(self, ctx: SourceContext) -> FetchOutcome:
        cfg = self.config
        outcome = FetchOutcome()
        token = _secret(cfg.bearer_token, ctx.credentials.x_bearer_token)
        if not token:
            return _missing(outcome, "bearer_token X")
        base = (cfg.url or "https://api.x.com/2").rstrip("/")
        headers = {"Authorization": f"Bearer {token}"}
        for query in _queries(self, ctx):
            body = ctx.http.get(f"{base}/tweets/search/recent", headers=headers, params={
                "query": query, "max_results": max(10, min(cfg.max_items, 100)),
                "tweet.fields": "created_at,author_id,lang,public_metrics",
                "expansions": "author_id", "user.fields": "username,name"}).json()
            users = {u["id"]: u for u in (body.get("includes") or {}).get("users", [])}
            for tweet in _as_list(body.get("data")):
                user = users.get(tweet.get("author_id", ""), {})
                username = user.get("username") or "i"
                text = tweet.get("text", "")
                outcome.items.append(Item(
                    url=f"https://x.com/{username}/status/{tweet['id']}",
                    key=f"x:{tweet['id']}",
                    title=_title(text),
                    text=text,
                    published_at=_api_time(tweet.get("created_at")),
                    outlet=cfg.outlet or "X",
                    author=f"@{username}" if user else None,
                    language=tweet.get("lang"),
                    extra={"platform": "x", "metrics": tweet.get("public_metrics", {})},
                ))
        return outcome


def _as_list(value: object) -> Iterable[dict]:
    return value if isinstance(value, list) else []
