"""Who may see and change partner organisations (the `rules` package).

Object-level rules receive the partner (or the signature); the partner's state is part of
them: a withdrawn partner's contacts read its history but change nothing and invite nobody.
"""

import rules

from accounts.roles import is_stabsstelle

from .roles import (
    is_active_partner,
    is_contact_of,
    is_partner_contact,
    is_withdrawn_partner,
)


@rules.predicate
def is_listed_partner(user, partner) -> bool:
    return partner is not None and partner.is_listed


@rules.predicate
def is_authenticated(user) -> bool:
    return user is not None and user.is_authenticated


# Contacts of the partner while it has not left (registered, signed or active).
is_current_contact = is_contact_of & ~is_withdrawn_partner

# Reading: the public profile, the internal part, the contacts, the certificate.
rules.add_perm("partners.view_partner", is_listed_partner | is_contact_of | is_stabsstelle)
rules.add_perm("partners.view_partner_internal", is_contact_of | is_stabsstelle)
rules.add_perm("partners.view_contacts", is_contact_of | is_stabsstelle)
rules.add_perm("partners.view_certificate", is_contact_of | is_stabsstelle)
# Changing: the profile, the contacts and invitations, the signature.
rules.add_perm("partners.change_partner", is_current_contact | is_stabsstelle)
rules.add_perm("partners.manage_contacts", is_current_contact | is_stabsstelle)
rules.add_perm("partners.sign_declaration", is_current_contact)
# The contact acts for an active member: the commitments of the declaration apply to it.
rules.add_perm("partners.act_for_active_partner", is_contact_of & is_active_partner)
# Registering a new organisation: logged in and not acting for one yet.
rules.add_perm("partners.register_partner", is_authenticated & ~is_partner_contact)
# The invitation link: any logged-in person may open it; whether they may accept (the invited
# address confirmed on their account, the invitation open) is invitation_accept's check.
rules.add_perm("partners.accept_invitation", is_authenticated)
# Staff of the Stabsstelle.
rules.add_perm("partners.confirm_signature", is_stabsstelle)
rules.add_perm("partners.withdraw_partner", is_stabsstelle & ~is_withdrawn_partner)
rules.add_perm("partners.manage_declarations", is_stabsstelle)
# The partner area's dashboard (defined here: accounts sits below partners and cannot ask).
rules.add_perm("accounts.view_partner_dashboard", is_partner_contact)
