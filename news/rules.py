"""Who may see and write news posts (the `rules` package)."""

import rules

from accounts.roles import is_stabsstelle


@rules.predicate
def is_published_post(user, post) -> bool:
    return post is not None and post.is_published


rules.add_perm("news.manage_posts", is_stabsstelle)
# Scheduled posts are hidden from everyone but the Stabsstelle until their publication time.
rules.add_perm("news.view_post", is_published_post | is_stabsstelle)
