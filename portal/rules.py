import rules

from accounts.roles import is_stabsstelle

rules.add_perm("portal.change_legal_page", is_stabsstelle)
rules.add_perm("portal.manage_sign_language_videos", is_stabsstelle)
