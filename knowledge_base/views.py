from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from .models import GuidebookPDF


def guidebook_pdf(request, pk):
    """The generated PDF of a live, public guidebook."""
    generated = get_object_or_404(
        GuidebookPDF.objects.select_related("guidebook"), guidebook_id=pk
    )
    guidebook = generated.guidebook
    if not guidebook.live or guidebook.get_view_restrictions().exists():
        raise Http404
    filename = f"{guidebook.slug}-{guidebook.locale.language_code}.pdf"
    return FileResponse(generated.file.open("rb"), as_attachment=True, filename=filename)


def share_good_practice(request):
    raise Http404
