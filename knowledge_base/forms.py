import warnings

from django import forms
from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.html import escape
from django.utils.translation import gettext_lazy as _
from PIL import Image as PILImage

from portal.fields import AreaChoiceField
from portal.infrastructure.zip_limits import ZipRefused, check_zip
from portal.models import ActorType, AdministrativeArea, Strategy
from portal.uploads import sniff

from .models import Sector

PHOTO_TYPES = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WebP"}
ATTACHMENT_TYPES = {
    "application/pdf": "PDF",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": "Word (.docx)",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": "Excel (.xlsx)",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": "PowerPoint",
    "application/vnd.oasis.opendocument.text": "OpenDocument text",
    "application/vnd.oasis.opendocument.spreadsheet": "OpenDocument spreadsheet",
}
MAX_PHOTO_SIZE = 5 * 1024 * 1024
MAX_ATTACHMENT_SIZE = 10 * 1024 * 1024


def photo_limits():
    """(bytes, pixels): the smaller of this form's size limit and Wagtail's, and Wagtail's pixel
    limit (None: no limit), as Wagtail's own image upload applies them."""
    wagtail_bytes = getattr(settings, "WAGTAILIMAGES_MAX_UPLOAD_SIZE", 10 * 1024 * 1024)
    max_bytes = MAX_PHOTO_SIZE if wagtail_bytes is None else min(MAX_PHOTO_SIZE, wagtail_bytes)
    return max_bytes, getattr(settings, "WAGTAILIMAGES_MAX_IMAGE_PIXELS", 128 * 1000000)


def _too_big(upload, limit):
    return forms.ValidationError(
        _("This file is %(size)s; the largest allowed is %(limit)s.")
        % {"size": filesizeformat(upload.size), "limit": filesizeformat(limit)},
        code="too_big",
    )


def _wrong_type(kind, allowed):
    found = kind.mime if kind else _("an unknown kind of file")
    return forms.ValidationError(
        _("This file is %(found)s, judging by its content; please send %(allowed)s.")
        % {"found": found, "allowed": ", ".join(allowed)},
        code="wrong_type",
    )


def _too_many_pixels(max_pixels, size=None):
    limit = f"{max_pixels / 1_000_000:g}"
    if size is None:
        message = _("This photo has too many pixels; the largest allowed is %(limit)s million.")
    else:
        message = _(
            "This photo is %(width)s × %(height)s pixels; the largest allowed is %(limit)s "
            "million pixels."
        )
    width, height = size or (0, 0)
    return forms.ValidationError(
        message % {"width": width, "height": height, "limit": limit}, code="too_many_pixels"
    )


def validate_photo(upload):
    max_bytes, max_pixels = photo_limits()
    if upload.size > max_bytes:
        raise _too_big(upload, max_bytes)
    kind = sniff(upload)
    if kind is None or kind.mime not in PHOTO_TYPES:
        raise _wrong_type(kind, PHOTO_TYPES.values())
    try:
        with warnings.catch_warnings():
            # Pillow warns past its own limit; WAGTAILIMAGES_MAX_IMAGE_PIXELS decides.
            warnings.simplefilter("ignore", PILImage.DecompressionBombWarning)
            with PILImage.open(upload) as image:  # reads the header only: the size is there
                frames = getattr(image, "n_frames", 1)
                if max_pixels is not None and image.width * image.height * frames > max_pixels:
                    raise _too_many_pixels(max_pixels, image.size)
                image.verify()
    except forms.ValidationError:
        raise
    except PILImage.DecompressionBombError as error:  # past twice Pillow's limit: no size given
        raise _too_many_pixels(max_pixels or PILImage.MAX_IMAGE_PIXELS) from error
    except Exception as error:  # Pillow raises many kinds for a damaged image
        raise forms.ValidationError(
            _("This photo is damaged and cannot be opened."), code="damaged"
        ) from error
    finally:
        upload.seek(0)


def validate_attachment(upload):
    if upload.size > MAX_ATTACHMENT_SIZE:
        raise _too_big(upload, MAX_ATTACHMENT_SIZE)
    kind = sniff(upload)
    if kind is None or kind.mime not in ATTACHMENT_TYPES:
        raise _wrong_type(kind, ATTACHMENT_TYPES.values())
    if kind.mime != "application/pdf":  # the others are zip packages: a reviewer unpacks them
        try:
            check_zip(upload)
        except ZipRefused as refused:
            raise forms.ValidationError(
                _("This file cannot be accepted: %(reason)s") % {"reason": refused.reason},
                code="damaged",
            ) from refused


def text_to_html(text):
    """Plain text typed in a form as rich-text paragraphs."""
    paragraphs = [p.strip() for p in text.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return "".join("<p>" + escape(p).replace("\n", "<br>") + "</p>" for p in paragraphs)


class ShareGoodPracticeForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=255)
    summary = forms.CharField(
        label=_("Summary"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Two or three sentences: what the practice is and why it matters."),
    )
    context = forms.CharField(label=_("Context"), widget=forms.Textarea, required=False)
    what_was_done = forms.CharField(label=_("What was done"), widget=forms.Textarea)
    results = forms.CharField(label=_("Results"), widget=forms.Textarea, required=False)
    what_was_learned = forms.CharField(
        label=_("What was learned"), widget=forms.Textarea, required=False
    )
    recommendations = forms.CharField(
        label=_("Recommendations"), widget=forms.Textarea, required=False
    )
    # An empty first choice: a preselected sector would be sent by whoever skips the field.
    sector = forms.ChoiceField(label=_("Sector"), choices=[("", "—"), *Sector.choices])
    date = forms.DateField(
        label=_("When"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    strategies = forms.ModelMultipleChoiceField(
        label=_("Strategies"),
        queryset=Strategy.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    actor_types = forms.ModelMultipleChoiceField(
        label=_("Actor types involved"),
        queryset=ActorType.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    area = AreaChoiceField(
        label=_("Place"),
        required=False,
        queryset=AdministrativeArea.objects.select_related("parent__parent"),
    )
    photo = forms.FileField(
        label=_("Photo"),
        required=False,
        validators=[validate_photo],
        help_text=_("JPEG, PNG or WebP, up to 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    photo_caption = forms.CharField(label=_("Photo caption"), max_length=255, required=False)
    attachment = forms.FileField(
        label=_("Attachment"),
        required=False,
        validators=[validate_attachment],
        help_text=_("PDF, Word, Excel, PowerPoint or OpenDocument, up to 10 MB."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["strategies"].queryset = Strategy.objects.for_active_language()
        self.fields["actor_types"].queryset = ActorType.objects.for_active_language()

    RICH_FIELDS = ["context", "what_was_done", "results", "what_was_learned", "recommendations"]
