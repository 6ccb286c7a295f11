"""Wagtail's elasticsearch8 backend with the portal's Khmer-aware analysis and queries."""

from wagtail.search.backends.elasticsearch8 import Elasticsearch8SearchBackend

from .elasticsearch import khmer_backend

SearchBackend = khmer_backend(Elasticsearch8SearchBackend)
