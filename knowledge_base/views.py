from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from wagtail.models import Locale

from .editions import compare
from .forms import ShareGoodPracticeForm
from .models import GuidebookEdition, GuidebookPDF, LessonIndexPage, LessonPage
from .submissions import contribution_status, submit_good_practice


def guidebook_pdf(request, pk):
    """The generated PDF of a live, public guidebook."""
    generated = get_object_or_404(GuidebookPDF.objects.select_related("guidebook"), guidebook_id=pk)
    guidebook = generated.guidebook
    _readable_or_404(guidebook)
    filename = f"{guidebook.slug}-{guidebook.locale.language_code}.pdf"
    return FileResponse(generated.file.open("rb"), as_attachment=True, filename=filename)


def _readable_or_404(guidebook):
    """Guidebook files and editions are public exactly when the guidebook page is."""
    if not guidebook.live or guidebook.get_view_restrictions().exists():
        raise Http404


def _edition_or_404(pk, number):
    edition = get_object_or_404(
        GuidebookEdition.objects.select_related("guidebook"), guidebook_id=pk, number=number
    )
    _readable_or_404(edition.guidebook)
    return edition


def guidebook_edition(request, pk, number):
    """An edition of a public guidebook: its summary, its frozen PDF, and what changed since the
    edition before it (pages added, removed and changed, word by word)."""
    edition = _edition_or_404(pk, number)
    guidebook = edition.guidebook
    return render(
        request,
        "knowledge_base/guidebook_edition.html",
        {
            "guidebook": guidebook,
            "edition": edition,
            "editions": guidebook.editions.order_by("-number"),
            "changes": compare(edition),
        },
    )


def guidebook_edition_pdf(request, pk, number):
    """The PDF an edition froze: the same file whatever was published since."""
    edition = _edition_or_404(pk, number)
    if not edition.pdf:
        raise Http404
    guidebook = edition.guidebook
    filename = f"{guidebook.slug}-{guidebook.locale.language_code}-edition-{edition.number}.pdf"
    return FileResponse(edition.pdf.open("rb"), as_attachment=True, filename=filename)


@login_required
def share_good_practice(request):
    """The site's own form for contributors: a draft lesson, sent to review on submit."""
    index = (
        LessonIndexPage.objects.live().filter(locale=Locale.get_active()).first()
        or LessonIndexPage.objects.live().first()
    )
    if index is None:
        raise Http404
    # Wagtail's own page permissions decide: Contributors (and Editors) may add lessons here.
    if not index.permissions_for_user(request.user).can_add_subpage():
        return render(
            request, "knowledge_base/share_not_allowed.html", {"index": index}, status=403
        )
    form = ShareGoodPracticeForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        submit_good_practice(index, request.user, form.cleaned_data)
        messages.success(
            request,
            _(
                "Thank you! Your good practice was sent to a reviewer. You will receive an "
                "e-mail when it is approved or if changes are needed."
            ),
        )
        return redirect("knowledge_base:share")
    if request.method == "POST":
        messages.error(
            request, _("Please correct the errors below; everything else you typed is kept.")
        )
    contributions = [
        (page, *contribution_status(page))
        for page in LessonPage.objects.filter(owner=request.user).order_by(
            "-latest_revision_created_at"
        )
    ]
    return render(
        request,
        "knowledge_base/share_good_practice.html",
        {"form": form, "index": index, "contributions": contributions},
    )
