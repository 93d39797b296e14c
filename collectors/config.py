"""Config sections owned by the collectors: monitoring profiles, sources and collection
settings, plus the credentials of the social connectors.

Credentials come from a source's own keys in the TOML file or, when absent there, from the
environment (``PANTAU_MASTODON_TOKEN``, ``PANTAU_REDDIT_CLIENT_ID``,
``PANTAU_REDDIT_CLIENT_SECRET``, ``PANTAU_YOUTUBE_API_KEY``, ``PANTAU_X_BEARER_TOKEN``).
They are `SecretStr` so they never appear in logs or error messages.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal, Protocol, TypeVar

from pydantic import BaseModel, ConfigDict, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

from pantau.core.units import DEFAULT_UNIT

SourceKind = Literal["rss", "google_news", "sitemap", "mastodon", "reddit", "youtube", "x",
                     "instagram", "facebook", "threads", "tiktok"]
MediaType = Literal["online", "cetak", "televisi", "radio", "media sosial"]
MEDIA_TYPES: tuple[str, ...] = ("online", "cetak", "televisi", "radio", "media sosial")
SOCIAL_MEDIA: MediaType = "media sosial"  # posts: read whole by the sentiment labeller
SOCIAL_KINDS = ("mastodon", "reddit", "youtube", "x", "instagram", "facebook", "threads",
                "tiktok")
# Kinds of the source rows that imports by hand create (`collectors.manual.import_scope`):
# never fetched by a collection, so never "active".
IMPORT_KINDS = ("clipping", "scan", "transcript")
# What people read for a source's kind (CLI, admin pages): one mapping.
SOURCE_KIND_LABELS: dict[str, str] = {
    "rss": "RSS/Atom", "google_news": "Google News", "sitemap": "Peta situs (sitemap)",
    "mastodon": "Mastodon", "reddit": "Reddit", "youtube": "YouTube", "x": "X (Twitter)",
    "instagram": "Instagram", "facebook": "Facebook", "threads": "Threads",
    "tiktok": "TikTok", "clipping": "Kliping (impor)", "scan": "Kliping pindaian (OCR)",
    "transcript": "Transkrip siaran",
}


def source_kind_label(kind: str) -> str:
    """The Indonesian name of a source kind (`rss` -> "RSS/Atom"); an unknown kind as is."""
    return SOURCE_KIND_LABELS.get(kind, kind)

DEFAULT_USER_AGENT = (
    "PantauBot/0.1 (+https://github.com/pantau-id/pantau; pemantauan media Biro Humas)"
)


class ProfileConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    query: str
    institution: str | None = None
    # A peer institution's profile (share of voice): its matches never count in the
    # institution's own figures (negative share, reports, dashboard, alerts).
    comparison: bool = False
    # The organisation unit (`[[units]]` code) that owns the profile; its mentions reach
    # that unit's users only. Empty: the deployment's default unit.
    unit: str | None = None

    @field_validator("query")
    @classmethod
    def _parses(cls, value: str) -> str:
        from collectors.query import parse_query
        from pantau.core.errors import InputError

        try:
            parse_query(value)
        except InputError as exc:
            raise ValueError(str(exc)) from exc
        return value


class SourceConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    name: str
    kind: SourceKind
    # Feed / sitemap URL; for google_news the search endpoint (default Google's);
    # for social kinds the API base (default the public service).
    url: str | None = None
    media_type: MediaType | None = None  # default: "media sosial" for social kinds
    enabled: bool = True
    outlet: str | None = None  # overrides the outlet name found in the feed/page
    query: str | None = None  # google_news, mastodon (search), reddit, youtube, x
    hashtag: str | None = None  # mastodon hashtag timeline; instagram hashtag search
    subreddit: str | None = None  # reddit: restrict the search to one subreddit
    video_ids: list[str] = Field(default_factory=list)  # youtube: comments of these videos
    # instagram: the institution's Instagram professional account id (its own posts, the
    # posts it is tagged in, and the account hashtag search runs as); threads: the Threads
    # user id of the institution's own account.
    account_id: str | None = None
    page_id: str | None = None  # facebook: the institution's Page (its posts and mentions)
    # Comments on the posts/videos collected count as mentions of their own.
    include_comments: bool = True
    fetch_articles: bool | None = None  # default: true for rss, google_news, sitemap
    max_items: int = Field(default=100, ge=1, le=5000)
    # Credentials (else the PANTAU_* environment variables).
    token: SecretStr | None = None  # mastodon access token (search needs one)
    client_id: SecretStr | None = None  # reddit; tiktok: the client key
    client_secret: SecretStr | None = None  # reddit, tiktok
    api_key: SecretStr | None = None  # youtube
    bearer_token: SecretStr | None = None  # x
    access_token: SecretStr | None = None  # instagram, facebook (Meta), threads
    # The organisation unit (`[[units]]` code) whose own source this is (its accounts, its
    # own feeds): a unit's `source_failing` rule watches it, never another unit's. Empty: a
    # shared source of the deployment (collected once, matched for every unit).
    unit: str | None = None

    @property
    def effective_media_type(self) -> str:
        if self.media_type:
            return self.media_type
        return SOCIAL_MEDIA if self.kind in SOCIAL_KINDS else "online"

    @property
    def effective_fetch_articles(self) -> bool:
        if self.fetch_articles is not None:
            return self.fetch_articles
        return self.kind in ("rss", "google_news", "sitemap")


def collected_sources(sources: Sequence[SourceConfig]) -> list[SourceConfig]:
    """The sources a collection fetches when none is named (`pantau collect`, the daily
    run, the task queue's collection): the configured ones not switched off. The one
    definition of an "active" source: `pantau sources` and the admin page call active
    exactly these (`collectors.service.source_statuses`)."""
    return [s for s in sources if s.enabled]


class CollectConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    # Keep only these languages (texts too short to tell are kept).
    languages: list[str] = Field(default_factory=lambda: ["id"])
    # SimHash Hamming distance at or below which two texts are one story.
    near_duplicate_distance: int = Field(default=3, ge=0, le=16)
    # Stored mentions published this many days back are compared for near-duplicates.
    dedup_window_days: int = Field(default=30, ge=1)
    user_agent: str = DEFAULT_USER_AGENT
    download_delay: float = Field(default=0.5, ge=0)  # seconds between pages of one domain
    concurrent_per_domain: int = Field(default=4, ge=1)
    concurrent_requests: int = Field(default=16, ge=1)
    timeout: float = Field(default=20.0, gt=0)  # seconds per request
    retries: int = Field(default=2, ge=0)
    backoff: float = Field(default=1.0, ge=0)  # first retry delay; doubles each retry
    max_page_bytes: int = Field(default=5_000_000, ge=10_000)
    feed_workers: int = Field(default=8, ge=1)  # feeds/APIs fetched in parallel
    obey_robots: bool = True
    # Processes extracting article text beside the crawler (0: in the crawler itself).
    extract_workers: int = Field(default=2, ge=0, le=32)


class SpeechConfig(BaseModel):
    """`[speech]`: speech-to-text of TV/radio recordings (`pantau clippings transcript` given
    an audio file). Needs the extra `pantau[transformers]` and a Whisper model saved in a local
    folder (the transformers format: config.json, model weights, the processor's files);
    nothing is downloaded at run time."""

    model_config = ConfigDict(extra="forbid")

    model: str | None = None  # a local folder holding a Whisper model (transformers format)
    language: str = "id"  # the spoken language (Whisper language code)
    # The recording is read in pieces this long; each piece's text starts a cue at its time.
    segment_seconds: float = Field(default=30.0, ge=5.0, le=30.0)
    device: str = "cpu"  # "cpu", "cuda", or "auto"
    batch_size: int = Field(default=4, ge=1, le=64)


class CollectorCredentials(BaseSettings):
    """Credentials from the environment, used when a source has none of its own."""

    model_config = SettingsConfigDict(env_prefix="PANTAU_", env_file=".env", extra="ignore")

    mastodon_token: SecretStr | None = None
    reddit_client_id: SecretStr | None = None
    reddit_client_secret: SecretStr | None = None
    youtube_api_key: SecretStr | None = None
    x_bearer_token: SecretStr | None = None
    meta_access_token: SecretStr | None = None  # Instagram Graph API and Facebook Pages
    threads_access_token: SecretStr | None = None
    tiktok_client_key: SecretStr | None = None  # TikTok Research API
    tiktok_client_secret: SecretStr | None = None


class _Named(Protocol):
    @property
    def name(self) -> str: ...


class MonitoringConfig(Protocol):
    """The sections collecting reads: the institution's name (the default of a profile's),
    the profiles, the sources and `[collect]`. `pantau.config.PantauConfig` has them."""

    @property
    def institution(self) -> _Named: ...

    @property
    def profiles(self) -> Sequence[ProfileConfig]: ...

    @property
    def sources(self) -> Sequence[SourceConfig]: ...

    @property
    def collect(self) -> CollectConfig: ...


Named = TypeVar("Named", bound=_Named)


@dataclass(frozen=True)
class MatchScope:
    """Which organisation unit owns each profile and each source, and so which profiles may
    match which source's stories: a unit's own source (`[[sources]] unit`, its accounts and
    feeds) only that unit's profiles, so its comments never reach another unit through a
    query that happens to match; a shared source every profile. The one rule that
    collection, re-matching stored mentions and the imports apply (`may_match`)."""

    profile_units: tuple[tuple[str, str], ...]  # profile name -> owning unit
    source_units: tuple[tuple[str, str], ...]  # source name -> owning unit (own sources)

    def profile_unit(self, profile: str) -> str:
        """A profile's unit: its `[[profiles]]` entry's, else the default unit (so is a
        stored profile no longer configured)."""
        return dict(self.profile_units).get(profile, DEFAULT_UNIT)

    def source_unit(self, source: str | None) -> str | None:
        """The unit whose own source `source` is; None for a shared one (configured without
        a unit, no longer configured, or an import's own source row)."""
        return dict(self.source_units).get(source or "")

    def may_match(self, *, source: str | None, profile: str) -> bool:
        owner = self.source_unit(source)
        return owner is None or owner == self.profile_unit(profile)

    def allowed(self, source: str | None, profiles: Iterable[Named]) -> list[Named]:
        """Those of `profiles` (anything with a `name`) that may match `source`'s stories."""
        return [p for p in profiles if self.may_match(source=source, profile=p.name)]

    def closed_sources(self, profile: str) -> list[str]:
        """The sources whose stories `profile` may not match: other units' own sources."""
        return sorted(name for name, _unit in self.source_units
                      if not self.may_match(source=name, profile=profile))


def match_scope(*, profiles: Sequence[ProfileConfig],
                sources: Sequence[SourceConfig]) -> MatchScope:
    """The `MatchScope` of the configured `profiles` and `sources`."""
    return MatchScope(
        profile_units=tuple((p.name, p.unit or DEFAULT_UNIT) for p in profiles),
        source_units=tuple((s.name, s.unit) for s in sources if s.unit))
