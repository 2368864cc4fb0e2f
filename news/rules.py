import rules

from accounts.roles import is_stabsstelle

rules.add_perm("news.manage_posts", is_stabsstelle)
