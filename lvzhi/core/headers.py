"""Response headers Django has no setting for: Permissions-Policy.

The Content-Security-Policy comes from django-csp (settings.CONTENT_SECURITY_POLICY); the other
security headers from Django's SecurityMiddleware and XFrameOptionsMiddleware.
"""

from django.conf import settings


def permissions_policy(features: dict[str, list[str]]) -> str:
    """`{"camera": ["self"], "geolocation": []}` → `camera=(self), geolocation=()`."""
    return ", ".join(f"{name}=({' '.join(origins)})" for name, origins in features.items())


class PermissionsPolicyMiddleware:
    """Sends settings.PERMISSIONS_POLICY on every response that does not set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.value = permissions_policy(settings.PERMISSIONS_POLICY)

    def __call__(self, request):
        response = self.get_response(request)
        if self.value:
            response.headers.setdefault("Permissions-Policy", self.value)
        return response
