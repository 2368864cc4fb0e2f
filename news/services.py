"""Writes on news posts (staff only; views check the permission)."""

from django.db import transaction

from accounts.models import User
from core.slugs import change_slug, forget_slugs, unique_slug

from .models import Post

POST_FIELDS = ["title", "teaser", "body", "image", "image_alt", "publish_at"]


def _unique_slug(title: str, *, exclude_pk: int | None = None) -> str:
    return unique_slug(Post, title, fallback="beitrag", exclude_pk=exclude_pk)


@transaction.atomic
def post_create(*, author: User, **fields) -> Post:
    post = Post(author=author, **{k: v for k, v in fields.items() if k in POST_FIELDS})
    post.slug = _unique_slug(post.title)
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def post_update(*, post: Post, actor: User, update_slug: bool = False, **fields) -> Post:
    for name in POST_FIELDS:
        if name in fields:
            setattr(post, name, fields[name])
    if update_slug:
        change_slug(post, _unique_slug(post.title, exclude_pk=post.pk))
    post.full_clean()
    post.save()
    return post


@transaction.atomic
def post_delete(*, post: Post, actor: User) -> None:
    forget_slugs(post)
    post.delete()
