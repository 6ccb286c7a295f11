"""What every JSON API of the portal shares: the NinjaAPI class they are served by, one error
format in Khmer and English, one throttle. The API object itself is config's (config/api.py);
each app brings its router (training/api/, search/api.py)."""

from .base import APIView, PortalAPI, api_view
from .errors import ErrorOut, FieldError, invalid_parameters, request_too_large
from .throttle import Throttle

__all__ = [
    "APIView",
    "PortalAPI",
    "api_view",
    "ErrorOut",
    "FieldError",
    "invalid_parameters",
    "request_too_large",
    "Throttle",
]
