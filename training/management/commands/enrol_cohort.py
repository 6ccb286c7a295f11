from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from portal.access import areas_in_scope
from training.cohort import CohortRefused, enrol_cohort
from training.models import CoursePage


class Command(BaseCommand):
    """Enrol everyone in a CSV file in a course, creating accounts that do not exist.

    Columns: username,email,first_name,last_name,actor_type,area_code,gender,position. A file
    with any bad row is refused, every bad row is reported with its line, and nothing is written.

    ``--as USERNAME`` enrols on behalf of a staff member, with the rights the web upload gives
    them: they must be allowed to enrol a cohort, provincial staff enrol only people of their
    province (a row outside it refuses the file), and they are recorded as the one assigning.
    Without it the operator acts for the whole country; ``--by`` then only records who assigned.
    """

    help = "Enrol a cohort from a CSV file in a course (by page id or slug)."

    def add_arguments(self, parser):
        parser.add_argument("course", help="course page id or slug")
        parser.add_argument("file")
        who = parser.add_mutually_exclusive_group()
        who.add_argument(
            "--as",
            dest="as_user",
            metavar="USERNAME",
            help="enrol as this staff member: their permission and their province only",
        )
        who.add_argument("--by", help="username of the staff member assigning", default=None)

    def handle(self, course, file, by=None, as_user=None, **options):
        pages = CoursePage.objects.all()
        page = (pages.filter(pk=course) if course.isdigit() else pages.filter(slug=course)).first()
        if page is None:
            raise CommandError(_("no course %(course)s") % {"course": course})
        staff = self.user(as_user or by) if (as_user or by) else None
        within = None
        if as_user:
            if not (staff.is_superuser or staff.has_perm("training.enrol_cohort")):
                raise CommandError(_("%(username)s may not enrol a cohort") % {"username": as_user})
            within = areas_in_scope(staff)
        with open(file, "rb") as handle:
            raw = handle.read()
        try:
            result = enrol_cohort(raw, page, assigned_by=staff, within=within)
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

    def user(self, username):
        found = get_user_model().objects.filter(username=username).first()
        if found is None:
            raise CommandError(_("no user %(username)s") % {"username": username})
        return found
