"""Writes on news posts (staff only; views check the permission)."""

from django.db import transaction
from django.utils.text import slugify

from accounts.models import User

from .models import Post

POST_FIELDS = ["title", "teaser", "body", "image", "image_alt", "publish_at"]


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    base = slugify(title)[:200] or "beitrag"
    slug, n = base, 2
    others = Post.objects.exclude(pk=exclude_pk)
    while others.filter(slug=slug).exists():
        slug = f"{base}-{n}"
        n += 1
    return slug


@transaction.atomic
def post_create(*, author: User, **fields) -> Post:
    post = Post(author=author, **{k: v for k, v in fields.items() if k in POST_FIELDS})
    post.slug = _unique_slug(post.title)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def post_update(*, post: Post, actor: User, **fields) -> Post:
    for name in POST_FIELDS:
        if name in fields:
            setattr(post, name, fields[name])
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def post_delete(*, post: Post, actor: User) -> None:
    post.delete()
