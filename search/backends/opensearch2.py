"""Wagtail's opensearch2 backend with the portal's Khmer-aware analysis and queries."""

from wagtail.search.backends.opensearch2 import OpenSearch2SearchBackend

from .elasticsearch import khmer_backend

SearchBackend = khmer_backend(OpenSearch2SearchBackend)
