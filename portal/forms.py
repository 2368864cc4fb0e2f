from django import forms
from django.utils.translation import gettext_lazy as _

from .models import LegalPage, SignLanguageVideo


class FeedbackForm(forms.Form):
    message = forms.CharField(
        label=_("Your message"),
        widget=forms.Textarea(attrs={"rows": 6}),
        max_length=5000,
        help_text=_("Which barrier did you notice, and on which page?"),
        error_messages={"required": _("Please write your message.")},
    )
    name = forms.CharField(label=_("Your name (optional)"), max_length=150, required=False)
    email = forms.EmailField(
        label=_("Your e-mail address (optional)"),
        required=False,
        help_text=_("Only if you would like an answer."),
    )

    def clean_message(self):
        message = self.cleaned_data["message"].strip()
        if not message:
            raise forms.ValidationError(_("Please write your message."))
        return message


class LegalPageForm(forms.ModelForm):
    class Meta:
        model = LegalPage
        fields = ["body"]
        widgets = {"body": forms.Textarea(attrs={"rows": 24})}


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search term"),
        max_length=200,
        required=False,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


class SignLanguageVideoForm(forms.ModelForm):
    class Meta:
        model = SignLanguageVideo
        fields = ["title", "description", "video", "captions", "position"]
        widgets = {
            "video": forms.ClearableFileInput(attrs={"accept": "video/mp4,video/webm"}),
            "captions": forms.ClearableFileInput(attrs={"accept": ".vtt,text/vtt"}),
        }
