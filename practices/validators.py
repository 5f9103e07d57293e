"""Validators shared by the registry's models, with plain French messages for editors."""

import re
from urllib.parse import urlparse

from django.core.exceptions import ValidationError
from django.utils import timezone

DOI_RE = re.compile(r"^10\.\d{4,9}/\S+$")

# External video hosts the site knows how to show behind a privacy facade.
VIDEO_HOSTS = {
    "youtube.com": "YouTube",
    "www.youtube.com": "YouTube",
    "m.youtube.com": "YouTube",
    "youtu.be": "YouTube",
    "www.youtube-nocookie.com": "YouTube",
    "vimeo.com": "Vimeo",
    "www.vimeo.com": "Vimeo",
    "player.vimeo.com": "Vimeo",
    "dailymotion.com": "Dailymotion",
    "www.dailymotion.com": "Dailymotion",
    "dai.ly": "Dailymotion",
}
# PeerTube is federated: any instance serving /w/<id> or /videos/watch/<id>.
PEERTUBE_PATH_RE = re.compile(r"^/(w|videos/watch|videos/embed)/[\w-]+/?$")


def normalise_doi(value):
    value = (value or "").strip()
    for prefix in (
        "https://doi.org/",
        "http://doi.org/",
        "https://dx.doi.org/",
        "http://dx.doi.org/",
        "doi:",
    ):
        if value.lower().startswith(prefix):
            return value[len(prefix) :]
    return value


def validate_doi(value):
    if value and not DOI_RE.match(normalise_doi(value)):
        raise ValidationError(
            "Ce DOI n'est pas valide. Un DOI commence par « 10. », suivi d'un code, d'une barre « / » "
            "et d'un identifiant, par exemple 10.1002/wps.20349.",
            code="invalid_doi",
        )


def validate_publication_year(value):
    if value is None:
        return
    current = timezone.localdate().year
    if value > current:
        raise ValidationError(
            f"L'année {value} est dans le futur : indiquez une année de publication jusqu'à {current}.",
            code="future_year",
        )
    if value < 1900:
        raise ValidationError("L'année de publication doit être postérieure à 1900.", code="too_old")


def validate_start_year(value):
    if value is None:
        return
    current = timezone.localdate().year
    if value < 1900:
        raise ValidationError("L'année de début doit être 1900 ou plus récente.", code="too_old")
    if value > current:
        raise ValidationError(
            f"L'année {value} est dans le futur : indiquez une année jusqu'à {current}.", code="future_year"
        )


def video_host_name(url):
    """The display name of a supported video host, or None."""
    if not url:
        return None
    parsed = urlparse(url)
    host = (parsed.hostname or "").lower()
    if parsed.scheme not in ("http", "https"):
        return None
    if host in VIDEO_HOSTS:
        return VIDEO_HOSTS[host]
    if PEERTUBE_PATH_RE.match(parsed.path or ""):
        return "PeerTube"
    return None


def validate_video_url(value):
    if value and video_host_name(value) is None:
        raise ValidationError(
            "Cette adresse de vidéo n'est pas prise en charge. Utilisez une vidéo YouTube, Vimeo, "
            "Dailymotion ou PeerTube, ou téléversez le fichier vidéo avec ses sous-titres.",
            code="unsupported_video_host",
        )
