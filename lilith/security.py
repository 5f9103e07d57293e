"""Security headers that Django does not set: a Permissions-Policy on every response, and the relaxed content
security policy of the admin interfaces, which only logged-in staff reach: Wagtail's and Django's admins run
inline scripts, set inline styles and show blob: and data: images; the public site needs none of that."""

from csp.constants import SELF, UNSAFE_INLINE

PERMISSIONS_POLICY = ", ".join(
    f"{feature}=()"
    for feature in (
        "accelerometer",
        "camera",
        "geolocation",
        "gyroscope",
        "magnetometer",
        "microphone",
        "payment",
        "usb",
        "browsing-topics",
        "interest-cohort",
    )
)
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN_POLICY = {
    "style-src": [SELF, UNSAFE_INLINE],
    "img-src": [SELF, "data:", "blob:"],
    "script-src": [SELF, UNSAFE_INLINE],  # Wagtail 8's editor still runs inline scripts (without nonces)
    "frame-src": [SELF],
}


class SecurityHeadersMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
        if request.path_info.startswith(ADMIN_PREFIXES):
            response._csp_replace = {**ADMIN_POLICY, **getattr(response, "_csp_replace", {})}
        return response
