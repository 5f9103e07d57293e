"""Each reader sees deadlines in their own time zone, next to the reference time zone of the call."""

from __future__ import annotations

import zoneinfo
from typing import Any

from hub.models import REFERENCE_TIME_ZONE, HubProfile


def user_time_zone(user: Any) -> zoneinfo.ZoneInfo:
    name = REFERENCE_TIME_ZONE
    if getattr(user, "is_authenticated", False):
        profile = getattr(user, "_hub_profile_cache", None)
        if profile is None:
            profile = HubProfile.objects.filter(user=user).first()
            user._hub_profile_cache = profile or False
        if profile:
            name = profile.time_zone
    return zoneinfo.ZoneInfo(name)


def reference_time_zone() -> zoneinfo.ZoneInfo:
    return zoneinfo.ZoneInfo(REFERENCE_TIME_ZONE)
