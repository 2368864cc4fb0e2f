"""What the newsletter adds to other apps' pages and procedures (NewsletterConfig.ready())."""

from core import notifications
from core.mail import register_reissuer
from core.registry import Section, account_sections, erasure_steps, partner_dashboard_sections

from . import preferences, services


def account_preferences(user) -> Section | None:
    if not user.has_perm("newsletter.manage_notifications"):
        return None
    return Section("newsletter/sections/account_preferences.html")


def dashboard_preferences(user, partner) -> Section | None:
    return Section("newsletter/sections/account_preferences.html")


def register() -> None:
    notifications.install_store(preferences.Store())
    # The newsletter's own mails: the subscriber asked for each of them.
    for kind in (
        services.KIND_CONFIRM,
        services.KIND_ALREADY,
        services.KIND_ISSUE,
        services.KIND_TEST,
        preferences.DIGEST_KIND,
    ):
        notifications.register_kind(kind, always_immediate=True)
    notifications.register_kind(services.KIND_CONTACT_ISSUE, "newsletter")
    register_reissuer(services.KIND_CONFIRM, services.reissue_confirmation)
    erasure_steps.register("newsletter.subscriber", services.subscriber_erase_for_user, order=30)
    account_sections.register("newsletter.preferences", account_preferences, order=50)
    partner_dashboard_sections.register("newsletter.preferences", dashboard_preferences, order=900)
