"""What the search index keeps beside the backend's own entries."""

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _


class SnippetText(models.Model):
    """The text a search result's snippet is cut from, stored when the object is indexed.

    The object's searchable text (every search field but the title) normalised, spaces
    collapsed, and segmented: a zero-width space at every place ICU cuts a Khmer run
    (``search.text.mark_words``). Written and removed by the index itself
    (``search.backends.SnippetTextIndexMixin``), so ``update_index`` and the background index
    tasks keep it as fresh as the entry the hit was found in; a result shows it without
    normalising or segmenting its page again (docs/decisions/0024-stored-snippet-text.md).
    Keyed as the backend's entries are: the indexed model's content type and the object's pk
    as text.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE, related_name="+")
    object_id = models.CharField(max_length=50)
    text = models.TextField()

    class Meta:
        verbose_name = _("snippet text")
        verbose_name_plural = _("snippet texts")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id"], name="search_snippettext_object"
            )
        ]

    def __str__(self):
        return f"{self.content_type_id}:{self.object_id}"
