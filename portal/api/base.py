"""PortalAPI: the NinjaAPI every JSON API of the portal is served by (config/api.py makes the
one instance and mounts each app's router on it).

What it adds to ninja: the one error format (errors.py), JSON answered in UTF-8, an OpenAPI
document that declares on every operation the statuses that come from outside its own code,
and, on each of its URL patterns, what the middleware needs to know before the URL is
resolved (``api_view``): that the view is an API's, and whether it takes bearer tokens.
"""

from dataclasses import dataclass

from django.conf import settings
from django.http import JsonResponse
from django.urls import Resolver404, resolve
from ninja import NinjaAPI
from ninja.renderers import JSONRenderer
from ninja.security import HttpBearer

from . import errors

RATE_LIMITED = {
    "description": "Too many requests in this minute (a batch counts one per event)",
    "headers": {
        "Retry-After": {
            "description": "Seconds until the window resets and requests are accepted again",
            "schema": {"type": "integer", "minimum": 1, "maximum": 60},
        }
    },
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
}


def error_response(description):
    return {
        "description": description,
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorOut"}}},
    }


class UTF8JSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}  # Khmer as UTF-8, a third of \u escapes


@dataclass(frozen=True)
class APIView:
    """What an API declares about one of its views."""

    takes_tokens: bool  # some operation there authenticates with Authorization: Bearer


def api_view(request):
    """The APIView of the view ``request`` goes to, or None if that is no API's view."""
    match = getattr(request, "resolver_match", None)
    if match is None:
        try:
            match = resolve(request.path_info, getattr(request, "urlconf", None))
        except Resolver404:
            return None
    return getattr(match.func, "api_view", None)


class PortalAPI(NinjaAPI):
    def __init__(self, **kwargs):
        kwargs.setdefault("parser", errors.JSONBodyParser())
        kwargs.setdefault("renderer", UTF8JSONRenderer())
        # Ninja's docs page loads Swagger UI from a CDN; the document is enough.
        kwargs.setdefault("docs_url", None)
        super().__init__(**kwargs)
        errors.install(self)

    def get_openapi_operation_id(self, operation):
        """``<app>_api_<function>`` (training_api_post_event): the ids clients were generated
        with before the APIs shared one root."""
        app = operation.view_func.__module__.split(".")[0]
        return f"{app}_api_{operation.view_func.__name__}"

    def _operations(self):
        """(bound router, operation) for every operation of every router."""
        for bound in self._get_bound_routers():
            for path_view in bound.path_operations.values():
                for operation in path_view.operations:
                    yield bound, operation

    def _url_name(self, bound, operation):
        # As ninja's BoundRouter.urls_paths names it: the router's prefix before a name it
        # derives, not before one the operation gives.
        name = getattr(operation, "url_name", "")
        if name:
            return name
        name = self.get_operation_url_name(operation, router=bound.template)
        return f"{bound.url_name_prefix}_{name}" if bound.url_name_prefix else name

    def _get_urls(self):
        patterns = super()._get_urls()
        takes_tokens = {}
        for bound, operation in self._operations():
            name = self._url_name(bound, operation)
            bearer = any(isinstance(auth, HttpBearer) for auth in operation.auth_callbacks)
            takes_tokens[name] = takes_tokens.get(name, False) or bearer
        for pattern in patterns:
            pattern.callback.api_view = APIView(takes_tokens=takes_tokens.get(pattern.name, False))
        return patterns

    def view_named(self, url_name):
        """The view of one of this API's URL patterns, to serve it at another path too."""
        for pattern in self.urls[0]:
            if pattern.name == url_name:
                return pattern.callback
        raise LookupError(url_name)

    def get_openapi_schema(self, **kwargs):
        """Ninja's document, with the answers that come from outside an operation's own code
        declared on every operation they can come from: authentication (401) where it needs
        credentials; the body limit of portal.infrastructure.middleware (413) everywhere; the
        throttle (429, with Retry-After) where it is throttled; and validation (400) wherever
        there is a parameter or a body."""
        schema = super().get_openapi_schema(**kwargs)
        by_id = {
            operation.operation_id or self.get_openapi_operation_id(operation): operation
            for _bound, operation in self._operations()
        }
        too_large = error_response(
            f"The request body is larger than {settings.DATA_UPLOAD_MAX_MEMORY_SIZE} bytes; "
            "nothing is read or written"
        )
        unauthenticated = error_response(
            "No valid credentials: send Authorization: Bearer <API token> (or sign in)"
        )
        malformed = error_response(
            "Malformed input, nothing written: each of errors names a field and says why "
            "(events.3.occurred_at in a batch); or the body is not JSON"
        )
        for operations in schema["paths"].values():
            for details in operations.values():
                operation = by_id[details["operationId"]]
                responses = {str(status): value for status, value in details["responses"].items()}
                if details.get("parameters") or details.get("requestBody"):
                    responses.setdefault("400", malformed)
                if operation.auth_callbacks:
                    responses.setdefault("401", unauthenticated)
                responses.setdefault("413", too_large)
                if operation.throttle_objects:
                    responses.setdefault("429", RATE_LIMITED)
                details["responses"] = dict(sorted(responses.items()))
        return schema

    def schema_view(self, path_prefix):
        """A view of this API's document with only the paths under ``path_prefix`` (as
        ``/api/training/``): one app's part, at the address its clients were given."""

        def openapi_json(request):
            schema = self.get_openapi_schema()
            schema["paths"] = {
                path: operations
                for path, operations in schema["paths"].items()
                if path.startswith(path_prefix)
            }
            return JsonResponse(schema, json_dumps_params={"ensure_ascii": False})

        openapi_json.api_view = APIView(takes_tokens=False)
        return openapi_json
