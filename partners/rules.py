import rules

from accounts.roles import is_stabsstelle

from .roles import is_contact_of, is_partner_contact


@rules.predicate
def is_listed_partner(user, partner) -> bool:
    return partner is not None and partner.is_listed


@rules.predicate
def is_authenticated(user) -> bool:
    return user is not None and user.is_authenticated


rules.add_perm("partners.view_partner", is_listed_partner | is_contact_of | is_stabsstelle)
rules.add_perm("partners.view_partner_internal", is_contact_of | is_stabsstelle)
rules.add_perm("partners.change_partner", is_contact_of | is_stabsstelle)
rules.add_perm("partners.manage_contacts", is_contact_of | is_stabsstelle)
rules.add_perm("partners.sign_declaration", is_contact_of)
rules.add_perm("partners.view_certificate", is_contact_of | is_stabsstelle)
rules.add_perm("partners.register_partner", is_authenticated & ~is_partner_contact)
rules.add_perm("partners.confirm_signature", is_stabsstelle)
rules.add_perm("partners.withdraw_partner", is_stabsstelle)
rules.add_perm("partners.manage_declarations", is_stabsstelle)
# The partner area's dashboard (defined here: accounts sits below partners and cannot ask).
rules.add_perm("accounts.view_partner_dashboard", is_partner_contact)
