"""User agents → browser family, OS family and device class (ua-parser)."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from ua_parser import parse

_BOT_WORDS = ("bot", "crawl", "spider", "slurp", "curl", "wget", "python", "headless")


@lru_cache(maxsize=4096)
def generalize_user_agent(value: str) -> dict[str, Any]:
    """Families only: versions and device models are dropped (they narrow people down)."""
    result = parse(value)
    browser = result.user_agent.family if result.user_agent else "Other"
    os_family = result.os.family if result.os else "Other"
    device = result.device.family if result.device else "Other"
    low = value.lower()
    if device == "Spider" or any(w in low for w in _BOT_WORDS):
        device_class = "bot"
    elif "ipad" in low or "tablet" in low or ("android" in low and "mobile" not in low):
        device_class = "tablet"
    elif "mobi" in low or "iphone" in low or "android" in low:
        device_class = "mobile"
    elif os_family in ("Windows", "Mac OS X", "Linux", "Ubuntu", "Chrome OS", "Fedora"):
        device_class = "desktop"
    else:
        device_class = "other"
    return {"browser_family": browser, "os_family": os_family, "device_class": device_class}
