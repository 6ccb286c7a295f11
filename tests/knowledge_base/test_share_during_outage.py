"""Sharing a good practice while the broker is down: the draft is kept and submitted to review,
and its e-mails and search update are done once when a worker and the broker are back."""

import pytest
from django.core import mail

from knowledge_base.models import LessonPage
from portal import roles
from portal.models import OutboxMessage
from tests.conftest import running_worker
from tests.portal.test_outbox import broker_down, wait_until

from .test_review import people, share  # noqa: F401 - the fixture and the form's data

# ``people`` is a fixture: test arguments of that name refer to it.

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_a_good_practice_shared_while_the_broker_is_down_is_kept_and_reviewed(
    client,
    people,  # noqa: F811
    lesson_index,
):
    client.force_login(people[roles.CONTRIBUTOR])
    with broker_down():
        response = share(client)
    assert response.status_code == 302
    lesson = LessonPage.objects.get(title="ការបង្ហោះថវិកាឃុំ")
    assert lesson.workflow_in_progress and not lesson.live
    waiting = OutboxMessage.objects.filter(sent_at__isnull=True)
    emails = waiting.filter(task="portal.tasks.send_email").count()
    assert emails >= 1  # the reviewers are told
    assert waiting.filter(task="search.tasks.update_index").exists()
    assert mail.outbox == []
    with running_worker():
        assert wait_until(lambda: not OutboxMessage.objects.filter(done_at__isnull=True).exists())
    assert len(mail.outbox) == emails  # each e-mail once
