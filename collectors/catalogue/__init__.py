"""The catalogue of Indonesian news outlets shipped with Pantau (``outlets.csv`` beside this
module; see README.md in this folder for its columns and sources).

- `load_catalogue()`: the shipped outlets with the office's corrections
  (``PANTAU_HOME/outlets.csv``) merged in, validated; `Catalogue.select` /
  `Catalogue.selection` query it by province, scope and media type;
- `canonical_outlet(name_or_url)`: the one outlet a name, alias, URL or domain refers to;
- `plan_sources` / `source_config`: outlets as collector sources (rss, sitemap, or none),
  `sources_toml` to write them into the configuration;
- `check_outlets`: live probe of homepages, feeds and sitemaps.
"""

from collectors.catalogue.check import UrlCheck, check_outlets, check_targets, check_url
from collectors.catalogue.model import (
    CATALOGUE_FILE,
    FIELDS,
    OUTLET_MEDIA_TYPES,
    SCOPES,
    Catalogue,
    Outlet,
    apply_overrides,
    canonical_outlet,
    default_override_path,
    load_catalogue,
    name_key,
    read_catalogue_file,
)
from collectors.catalogue.provinces import PROVINCES, find_province, normalize_province
from collectors.catalogue.sources import SourcePlan, plan_sources, source_config, sources_toml

__all__ = [
    "CATALOGUE_FILE", "FIELDS", "OUTLET_MEDIA_TYPES", "PROVINCES", "SCOPES", "Catalogue",
    "Outlet", "SourcePlan", "UrlCheck", "apply_overrides", "canonical_outlet", "check_outlets",
    "check_targets", "check_url", "default_override_path", "find_province", "load_catalogue",
    "name_key", "normalize_province", "plan_sources", "read_catalogue_file", "source_config",
    "sources_toml",
]
