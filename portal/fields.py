"""Form fields for the shared vocabulary, used by the feature apps' forms."""

from django import forms


class AreaChoiceField(forms.ModelChoiceField):
    """An administrative area, named with its parents (commune, district, province)."""

    def label_from_instance(self, obj):
        return obj.path_label
