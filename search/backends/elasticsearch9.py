"""Wagtail's elasticsearch9 backend with the portal's Khmer-aware analysis and queries."""

from wagtail.search.backends.elasticsearch9 import Elasticsearch9SearchBackend

from .elasticsearch import khmer_backend

SearchBackend = khmer_backend(Elasticsearch9SearchBackend)
