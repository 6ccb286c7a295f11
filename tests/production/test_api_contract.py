"""The portal's API as deployed (the training and search routers) answers only what its one
OpenAPI document describes (schemathesis, bounded in examples and time), with a real token of
a demo learner.

Each phase runs once: with ``--max-time`` schemathesis repeats fuzzing and stateful testing until
the budget is spent (100 s of CI for the same 8 operations); the examples per operation bound it
instead, and the budget only stops a run that hangs."""

import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

from .conftest import on_server

pytestmark = pytest.mark.production

BUDGET_SECONDS = 100


def test_every_answer_of_the_api_is_documented(server):
    token = on_server(
        "import json\n"
        "from django.contrib.auth import get_user_model\n"
        "from wagtail.models import APIToken\n"
        "user = get_user_model().objects.get(username='learner')\n"
        "plain = APIToken.generate_token()\n"
        "APIToken.objects.create(user=user, name='schemathesis', "
        "key_hash=APIToken.hash_token(plain), prefix=plain[:12])\n"
        "print(json.dumps(plain))"
    )
    report = Path(settings.BASE_DIR) / "artifacts" / "schemathesis.txt"
    report.parent.mkdir(exist_ok=True)
    result = subprocess.run(
        [
            str(Path(sys.executable).with_name("schemathesis")),
            "run",
            f"{server}/api/openapi.json",
            "--url",
            server,
            "--header",
            f"Authorization: Bearer {token}",
            "--header",
            "X-Forwarded-Proto: https",
            "--checks",
            "not_a_server_error,status_code_conformance,content_type_conformance,"
            "response_schema_conformance",
            "--max-examples",
            "40",
            "--generation-deterministic",
            "--request-timeout",
            "10",
        ],
        capture_output=True,
        text=True,
        timeout=BUDGET_SECONDS + 120,
    )
    report.write_text(result.stdout + result.stderr, encoding="utf-8")
    assert result.returncode == 0, result.stdout[-6000:]
