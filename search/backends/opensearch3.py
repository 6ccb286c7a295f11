"""Wagtail's opensearch3 backend with the portal's Khmer-aware analysis and queries."""

from wagtail.search.backends.opensearch3 import OpenSearch3SearchBackend

from .elasticsearch import khmer_backend

SearchBackend = khmer_backend(OpenSearch3SearchBackend)
