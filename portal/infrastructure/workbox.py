"""Workbox, the service worker's library, from npm (never a CDN): copied from ``node_modules``
into ``build/workbox/`` by ``manage.py build_workbox`` (``scripts/setup`` runs it after
``npm ci``) and exposed to the static files from there, as the Khmer web font is
(``fonts.py``): ``runserver`` serves the copies in development, ``collectstatic`` copies them
for WhiteNoise in production. ``node_modules`` itself is never served.

Only the three modules the service worker uses (``portal/templates/portal/sw.js``), as their
production builds: each attaches itself to ``self.workbox`` when imported with
``importScripts``, so no bundler runs at set-up. Their ``sourceMappingURL`` comment is dropped:
the maps are not copied, and the manifest storage would refuse a reference to a missing file.
See docs/decisions/0020-offline-courses.md.
"""

import json
import os
import re
import tempfile
from pathlib import Path

from django.conf import settings
from django.contrib.staticfiles.finders import BaseFinder
from django.core.files.storage import FileSystemStorage

#: In the order the service worker imports them: core first, the others build on it.
WORKBOX_MODULES = ("core", "routing", "strategies")
STATIC_PREFIX = "workbox"
#: The Cache Storage cache a learner's downloads are kept in: the service worker reads it, the
#: training app's offline client fills it (the pages give both the name: ``offline_cache``).
OFFLINE_CACHE = "isaf-offline-v1"
_SOURCE_MAP = re.compile(rb"\n?//# sourceMappingURL=\S+\s*$")


def static_names():
    """The static names of the modules, in import order."""
    return [f"{STATIC_PREFIX}/workbox-{name}.prod.js" for name in WORKBOX_MODULES]


def _package(name):
    return Path(settings.BASE_DIR) / "node_modules" / f"workbox-{name}"


def installed_version():
    """The installed Workbox version (package.json of workbox-core), or None without npm ci."""
    try:
        return json.loads((_package("core") / "package.json").read_text())["version"]
    except (OSError, ValueError, KeyError):
        return None


def build_dir():
    return Path(settings.BASE_DIR) / "build" / "workbox"


def build_workbox():
    """Copy the modules from node_modules into build/workbox/ unless the copies are there and
    the same; return the paths written or kept ([] if npm ci has not installed Workbox)."""
    if installed_version() is None:
        return []
    target_dir = build_dir()
    target_dir.mkdir(parents=True, exist_ok=True)
    paths = []
    for name in WORKBOX_MODULES:
        source = _package(name) / "build" / f"workbox-{name}.prod.js"
        target = target_dir / source.name
        # Compared by content: npm gives every installed file the same old modification time.
        data = _SOURCE_MAP.sub(b"\n", source.read_bytes())
        if not target.exists() or target.read_bytes() != data:
            # Written beside and renamed: a server reading at the same time never sees half.
            with tempfile.NamedTemporaryFile(dir=target_dir, delete=False) as tmp:
                tmp.write(data)
            os.chmod(tmp.name, 0o644)  # readable by the web server, as the other static files
            os.replace(tmp.name, target)
        paths.append(target)
    return paths


class WorkboxFinder(BaseFinder):
    """Finds ``workbox/workbox-*.prod.js`` in build/workbox/, building the copies if needed."""

    def check(self, **kwargs):
        return []

    def find(self, path, find_all=False, **kwargs):
        if path in static_names():
            built = {f"{STATIC_PREFIX}/{p.name}": str(p) for p in build_workbox()}
            if path in built:
                return [built[path]] if find_all else built[path]
        return []

    def list(self, ignore_patterns):
        paths = build_workbox()
        if paths:
            storage = FileSystemStorage(location=str(build_dir()))
            storage.prefix = STATIC_PREFIX
            for path in paths:
                yield path.name, storage
