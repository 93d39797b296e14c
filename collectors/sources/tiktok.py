"""TikTok Research API: public videos by keyword from Indonesia, and their comments.

Client credentials (``POST /v2/oauth/token/``, the Research API's client key and secret,
granted to approved researchers and institutions) give a bearer token; videos come from
``POST /v2/research/video/query/`` (keyword IN the profile's terms, region ID, the last
`days` days, paged by `cursor`/`search_id`), their comments from
``POST /v2/research/video/comment/list/``. Errors arrive as ``{"error": {"code": ...}}``
beside the data and become Indonesian notes (a missing permission, the daily quota).
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from collectors.http import FetchError
from collectors.query import parse_query
from collectors.sources.base import Connector, FetchOutcome, Item, SourceContext
from collectors.sources.social import _missing, _secret, _title
from pantau.core.timeutil import utcnow

API = "https://open.tiktokapis.com"
VIDEO_FIELDS = ("id,video_description,create_time,username,region_code,like_count,"
                "comment_count,share_count,view_count")
COMMENT_FIELDS = "id,video_id,text,like_count,reply_count,parent_comment_id,create_time"
SEARCH_DAYS = 7


def _keywords(connector: Connector, ctx: SourceContext) -> list[str]:
    """Keywords for the Research API (plain words or phrases, no Boolean syntax): the
    configured `query` split on OR, else every positive term of the profiles' queries."""
    if connector.config.query:
        return [k.strip().strip('"') for k in connector.config.query.split(" OR ") if k.strip()]
    terms: list[str] = []
    for query in ctx.profile_queries.values():
        terms.extend(leaf.text.strip("\"") for leaf in parse_query(query).leaves)
    return list(dict.fromkeys(terms))


def _check(body: dict[str, Any], what: str) -> dict[str, Any]:
    error = body.get("error") or {}
    code = error.get("code", "ok")
    if code not in ("ok", "", None):
        message = error.get("message") or code
        if code in ("access_token_invalid", "scope_not_authorized", "scope_permission_missed"):
            raise FetchError(f"TikTok: izin Research API belum diberikan atau token tidak "
                             f"berlaku ({message})")
        if code == "rate_limit_exceeded":
            raise FetchError(f"TikTok: kuota harian Research API habis; coba lagi besok "
                             f"({message})")
        raise FetchError(f"TikTok: {what} ditolak ({message})")
    return body.get("data") or {}


def _time(value: Any) -> datetime | None:
    return datetime.fromtimestamp(int(value), tz=UTC) if value is not None else None


class TikTokConnector(Connector):
    def fetch(self, ctx: SourceContext) -> FetchOutcome:
        cfg = self.config
        outcome = FetchOutcome()
        key = _secret(cfg.client_id, ctx.credentials.tiktok_client_key)
        secret = _secret(cfg.client_secret, ctx.credentials.tiktok_client_secret)
        if not (key and secret):
            return _missing(outcome, "client key/secret TikTok Research API "
                                     "(PANTAU_TIKTOK_CLIENT_KEY/SECRET)")
        keywords = _keywords(self, ctx)
        if not keywords:
            return _missing(outcome, "kata kunci ('query' atau [[profiles]])")
        base = (cfg.url or API).rstrip("/")
        token_body = ctx.http.request(
            "POST", f"{base}/v2/oauth/token/", ok_statuses=(200, 400, 401),
            data={"client_key": key, "client_secret": secret,
                  "grant_type": "client_credentials"}).json()
        token = token_body.get("access_token")
        if not token:
            raise FetchError("TikTok: token tidak diberikan; periksa client key dan secret "
                             f"({token_body.get('error_description') or token_body.get('error')})")
        headers = {"Authorization": f"Bearer {token}"}
        today = utcnow().date()
        query: dict[str, Any] = {
            "query": {"and": [
                {"operation": "IN", "field_name": "keyword", "field_values": keywords},
                {"operation": "EQ", "field_name": "region_code", "field_values": ["ID"]}]},
            "start_date": (today - timedelta(days=SEARCH_DAYS)).strftime("%Y%m%d"),
            "end_date": today.strftime("%Y%m%d"),
            "max_count": min(cfg.max_items, 100), "cursor": 0,
        }
        videos: list[Item] = []
        while len(videos) < cfg.max_items:
            body = ctx.http.request("POST", f"{base}/v2/research/video/query/",
                                    headers=headers, params={"fields": VIDEO_FIELDS},
                                    json_body=query, ok_statuses=(200, 400, 401, 403, 429))
            data = _check(body.json(), "pencarian video")
            for video in data.get("videos") or []:
                text = video.get("video_description") or ""
                user = video.get("username") or "tiktok"
                videos.append(Item(
                    url=f"https://www.tiktok.com/@{user}/video/{video['id']}",
                    key=f"tiktok:{video['id']}", title=_title(text or "(video tanpa teks)"),
                    text=text, published_at=_time(video.get("create_time")),
                    outlet=cfg.outlet or "TikTok", author=f"@{user}",
                    extra={"platform": "tiktok", "views": video.get("view_count", 0),
                           "likes": video.get("like_count", 0),
                           "comments": video.get("comment_count", 0)}))
            if not data.get("has_more"):
                break
            query = {**query, "cursor": data.get("cursor", 0),
                     "search_id": data.get("search_id")}
        outcome.items.extend(videos[: cfg.max_items])
        if cfg.include_comments:
            for video in videos[: cfg.max_items]:
                vid = (video.key or "").split(":", 1)[1]
                try:
                    body = ctx.http.request(
                        "POST", f"{base}/v2/research/video/comment/list/", headers=headers,
                        params={"fields": COMMENT_FIELDS},
                        json_body={"video_id": int(vid) if vid.isdigit() else vid,
                                   "max_count": min(cfg.max_items, 100), "cursor": 0},
                        ok_statuses=(200, 400, 401, 403, 429))
                    comments = _check(body.json(), "komentar").get("comments") or []
                except FetchError as exc:
                    outcome.errors.append(f"komentar video {vid}: {exc}")
                    continue
                for comment in comments:
                    text = comment.get("text") or ""
                    outcome.items.append(Item(
                        url=video.url, key=f"tiktok-comment:{comment['id']}",
                        title=_title(text or "(komentar)"), text=text,
                        published_at=_time(comment.get("create_time")),
                        outlet=cfg.outlet or "TikTok", author=None,
                        extra={"platform": "tiktok", "comment": True, "parent": video.key,
                               "likes": comment.get("like_count", 0)}))
        return outcome
