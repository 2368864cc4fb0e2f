"""Demo users for a first run. Never loaded in production (seed_demo refuses without DEBUG)."""

from allauth.account.models import EmailAddress

from .models import User
from .services import user_create, user_make_stabsstelle

DEMO_PASSWORD = "klimaschutz-demo"  # noqa: S105 - printed on purpose for the demo


def demo_user(email: str, name: str) -> User:
    user = User.objects.filter(email=email).first()
    if user is None:
        user = user_create(email=email, password=DEMO_PASSWORD, name=name, verified=True)
    else:
        EmailAddress.objects.update_or_create(
            user=user, email=email, defaults={"verified": True, "primary": True}
        )
    return user


def seed() -> list[tuple[str, str, str]]:
    staff = demo_user("stabsstelle@klimaportal.example", "Sabine Grün (Stabsstelle)")
    user_make_stabsstelle(user=staff)
    admin = demo_user("admin@klimaportal.example", "Portal-Administration")
    if not admin.is_superuser:
        admin.is_superuser = admin.is_staff = True
        admin.save(update_fields=["is_superuser", "is_staff"])
    return [
        ("staff", staff.email, "Stabsstelle Klimaschutz → /stabsstelle/"),
        ("superuser", admin.email, "Django admin → /admin/"),
    ]
