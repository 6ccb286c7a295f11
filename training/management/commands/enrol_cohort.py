from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from training.cohort import CohortRefused, enrol_cohort
from training.models import CoursePage


class Command(BaseCommand):
    """Enrol everyone in a CSV file in a course, creating accounts that do not exist.

    Columns: username,email,first_name,last_name,actor_type,area_code,gender,position. A file
    with any bad row is refused, every bad row is reported with its line, and nothing is written.
    """

    help = "Enrol a cohort from a CSV file in a course (by page id or slug)."

    def add_arguments(self, parser):
        parser.add_argument("course", help="course page id or slug")
        parser.add_argument("file")
        parser.add_argument("--by", help="username of the staff member assigning", default=None)

    def handle(self, course, file, by=None, **options):
        pages = CoursePage.objects.all()
        page = (pages.filter(pk=course) if course.isdigit() else pages.filter(slug=course)).first()
        if page is None:
            raise CommandError(_("no course %(course)s") % {"course": course})
        staff = get_user_model().objects.get(username=by) if by else None
        with open(file, "rb") as handle:
            raw = handle.read()
        try:
            result = enrol_cohort(raw, page, assigned_by=staff)
        except CohortRefused as refused:
            for line, reason in refused.errors:
                self.stderr.write(_("line %(line)s: %(reason)s") % {"line": line, "reason": reason})
            raise CommandError(_("file refused; nothing was written")) from None
        self.stdout.write(
            _("%(created)s accounts created, %(enrolled)s enrolled, %(already)s already enrolled.")
            % {
                "created": len(result.created),
                "enrolled": len(result.enrolled),
                "already": len(result.already),
            }
        )
