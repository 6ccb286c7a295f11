"""One API at /api/: one OpenAPI document for every router, one error format for all of them
in Khmer and English, one throttle whose cost each operation says, and the table of the
learning services' refusals read at the edge."""

import re
import uuid

import pytest
from django.test import RequestFactory, override_settings
from django.urls import reverse
from wagtail.models import APIToken

from portal.api import Throttle, api_view
from tests.training.conftest import build_course
from training.learning import NotEnrolled, enrol
from training.refusals import STATUSES

pytestmark = pytest.mark.django_db

KHMER = re.compile("[\u1780-\u17ff]")


def token_for(user):
    plain = APIToken.generate_token()
    APIToken.objects.create(
        user=user, name="app", key_hash=APIToken.hash_token(plain), prefix=plain[:12]
    )
    return {"HTTP_AUTHORIZATION": f"Bearer {plain}"}


def event(lesson, kind="lesson_viewed", **extra):
    return {
        "id": str(uuid.uuid4()),
        "lesson": lesson.pk,
        "type": kind,
        "occurred_at": "2026-11-20T08:00:00+07:00",
        **extra,
    }


@pytest.fixture
def learner(make_user):
    return make_user("sokha", groups=["Learner"], actor_code="caf", area_code="05")


@pytest.fixture
def enrolled(home, learner):
    c = build_course(home, slug="one-api", with_quiz=False, lessons=2)
    enrol(learner, c.course)
    return c, token_for(learner)


def refs(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "$ref":
                yield value
            else:
                yield from refs(value)
    elif isinstance(node, list):
        for value in node:
            yield from refs(value)


# --- One document ---


def test_one_openapi_document_describes_both_apis(client):
    schema = client.get("/api/openapi.json").json()
    paths = schema["paths"]
    assert "/api/search/" in paths and "/api/training/progress-events" in paths
    assert {path.split("/")[2] for path in paths} == {"training", "search"}
    operations = [op for ops in paths.values() for op in ops.values()]
    ids = [op["operationId"] for op in operations]
    assert len(ids) == len(set(ids))
    # The ids clients were generated with when each API had its own root.
    assert {"training_api_post_event", "training_api_me", "search_api_search"} <= set(ids)
    components = schema["components"]["schemas"]
    for ref in set(refs(schema)):
        assert ref.removeprefix("#/components/schemas/") in components, ref
    # Both routers refuse in the one shape.
    for path, method in (("/api/search/", "get"), ("/api/training/progress-events", "post")):
        refused = paths[path][method]["responses"]["400"]
        assert refused["content"]["application/json"]["schema"] == {
            "$ref": "#/components/schemas/ErrorOut"
        }


def test_the_training_document_at_its_old_address_is_the_training_part_of_the_one(client):
    whole = client.get("/api/openapi.json").json()
    training = client.get("/api/training/openapi.json").json()
    assert training["paths"] == {
        path: ops for path, ops in whole["paths"].items() if path.startswith("/api/training/")
    }


def test_each_operation_declares_what_it_can_answer_from_outside_its_code(client):
    paths = client.get("/api/openapi.json").json()["paths"]
    search = paths["/api/search/"]["get"]["responses"]
    # Anonymous and not throttled: no 401, no 429; a body past the limit is a 413 anywhere.
    assert {"200", "400", "413"} == set(search)
    me = paths["/api/training/me"]["get"]["responses"]
    assert {"401", "413", "429"} <= set(me) and "Retry-After" in me["429"]["headers"]


# --- One error format, in Khmer and English ---


def refusals(client, enrolled, language):
    """A 400 of each router, a 401 and a 413, in ``language``."""
    c, auth = enrolled
    headers = {"HTTP_ACCEPT_LANGUAGE": language}
    return {
        "training 400": client.post(
            "/api/training/progress-events",
            {**event(c.lessons[0]), "type": "lesson_skimmed"},
            content_type="application/json",
            **auth,
            **headers,
        ),
        "search 400": client.get("/api/search/", {"q": "x", "locale": "fr"}, **headers),
        "training 401": client.get("/api/training/me", **headers),
        "search 413": client.generic(
            "GET", "/api/search/", "x" * 10, CONTENT_LENGTH=str(10**8), **headers
        ),
    }


def test_both_routers_refuse_in_one_format_in_khmer_and_in_english(client, enrolled):
    answers = {language: refusals(client, enrolled, language) for language in ("km", "en")}
    for language, responses in answers.items():
        for what, response in responses.items():
            assert response.status_code == int(what.split()[1]), what
            body = response.json()
            assert set(body) == {"detail", "errors"}, (what, body)
            for error in body["errors"]:
                assert set(error) == {"field", "message"}
            texts = [body["detail"]] + [error["message"] for error in body["errors"]]
            for text in texts:
                assert bool(KHMER.search(text)) == (language == "km"), (what, text)
    # The field at fault is named the same way by both routers.
    assert [e["field"] for e in answers["en"]["training 400"].json()["errors"]] == ["type"]
    assert [e["field"] for e in answers["en"]["search 400"].json()["errors"]] == ["locale"]


def test_the_search_api_with_a_language_in_the_url_refuses_in_that_language(client):
    khmer = client.get("/km/search/api/", {"locale": "fr"}, HTTP_ACCEPT_LANGUAGE="en")
    english = client.get("/en/search/api/", {"locale": "fr"}, HTTP_ACCEPT_LANGUAGE="km")
    assert khmer.status_code == english.status_code == 400
    assert KHMER.search(khmer.json()["detail"]) and not KHMER.search(english.json()["detail"])


# --- The throttle: one class, a cost per operation ---


def request_by(user):
    request = RequestFactory().get("/api/training/me")
    request.user = user
    return request


def test_operations_share_one_count_each_paying_its_cost(learner, make_user, settings):
    settings.TEST_API_LIMIT = 5
    one = Throttle("test", limit_setting="TEST_API_LIMIT", default_limit=1)
    three = one.costing(3)
    by_body = one.costing(lambda request: request.cost)
    request = request_by(learner)
    assert one.allow_request(request) and three.allow_request(request)  # 4 of 5
    assert one.allow_request(request)  # 5 of 5
    assert not three.allow_request(request)  # 8: refused
    assert 1 <= three.wait() <= 60
    # Another user has a count of their own; a cost may be read from the request.
    other = request_by(make_user("dara"))
    other.cost = 5
    assert by_body.allow_request(other)
    other.cost = 1
    assert not by_body.allow_request(other)


@override_settings(TRAINING_API_RATE_LIMIT=4)
def test_a_batch_costs_one_per_event_and_a_read_costs_one(client, enrolled):
    c, auth = enrolled
    events = [event(c.lessons[0]) for _ in range(3)]
    batch = client.post(
        "/api/training/progress-events/batch",
        {"events": events},
        content_type="application/json",
        **auth,
    )
    assert batch.status_code == 200
    assert client.get("/api/training/me", **auth).status_code == 200  # 3 + 1 = 4
    refused = client.get("/api/training/me", **auth)
    assert refused.status_code == 429
    assert 1 <= int(refused["Retry-After"]) <= 60
    # The search router is not throttled.
    assert client.get("/api/search/", {"q": "x", "locale": "km"}, **auth).status_code == 200


# --- The refusals table, read at both edges ---


def test_the_statuses_come_from_the_one_table(client, enrolled, home, learner, monkeypatch):
    c, auth = enrolled
    other = build_course(home, slug="not-enrolled", with_quiz=True, lessons=1)
    monkeypatch.setitem(STATUSES, NotEnrolled, 451)
    batch = client.post(
        "/api/training/progress-events/batch",
        {"events": [event(other.lessons[0])]},
        content_type="application/json",
        **auth,
    )
    assert [r["status"] for r in batch.json()["results"]] == [451]
    client.force_login(learner)
    quiz = reverse("training:quiz", args=[other.lessons[0].pk, other.quiz.pk])
    assert client.post(quiz, {}).status_code == 451


# --- What the API declares to the middleware ---


def test_the_api_declares_which_views_take_tokens():
    factory = RequestFactory()
    assert api_view(factory.get("/api/training/me")).takes_tokens
    assert api_view(factory.post("/api/training/progress-events/batch")).takes_tokens
    assert not api_view(factory.get("/api/search/")).takes_tokens
    assert not api_view(factory.get("/api/openapi.json")).takes_tokens
    assert api_view(factory.get("/km/")) is None
    assert api_view(factory.get("/admin/")) is None


def test_a_token_request_skips_the_session_only_where_tokens_are_taken(client, enrolled):
    _c, auth = enrolled
    token = client.get("/api/training/enrolments", **auth)
    assert token.status_code == 200 and "Cookie" not in token.get("Vary", "")
    # The same header on a page: the browser stack runs (the page reads the session).
    page = client.get("/km/training/", **auth)
    assert "Cookie" in page.get("Vary", "")
