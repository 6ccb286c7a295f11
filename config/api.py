"""The portal's one JSON API: each app's router mounted on one PortalAPI (portal/api/), one
OpenAPI document for all of them at /api/openapi.json. config/urls.py serves it at /api/."""

from portal.api import PortalAPI
from search.api import router as search_router
from training.api import router as training_router

api = PortalAPI(
    title="ISAF portal API",
    version="1",
    description="The training API of the mobile app (/api/training/), with the training "
    "calendar's sessions, and search over everything (/api/search/). Errors are one format "
    "in Khmer or English, as Accept-Language asks: {detail, errors: [{field, message}]}.",
    urls_namespace="api",
)
api.add_router("/training/", training_router, url_name_prefix="training")
api.add_router("/search/", search_router, url_name_prefix="search")
