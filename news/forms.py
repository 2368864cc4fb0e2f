from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Post


class PostForm(forms.ModelForm):
    class Meta:
        model = Post
        fields = ["title", "teaser", "body", "image", "image_alt", "publish_at"]
        widgets = {
            "teaser": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
            "publish_at": forms.DateTimeInput(
                attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"
            ),
            "image": forms.ClearableFileInput(attrs={"accept": "image/png,image/jpeg,image/webp"}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # The address stays what was published unless staff ask for a new one.
            self.fields["update_slug"] = forms.BooleanField(
                label=_("Change the address to match the title"),
                required=False,
                help_text=_("The previous address keeps working and redirects to the new one."),
            )

    def post_fields(self) -> dict:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        if data["image"] is False:
            data["image"] = ""
        return data

    def wants_new_slug(self) -> bool:
        return bool(self.cleaned_data.get("update_slug"))
