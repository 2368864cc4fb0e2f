import rules

from accounts.roles import is_stabsstelle


@rules.predicate
def is_published_report(user, report) -> bool:
    return report is not None and report.published


rules.add_perm("reports.manage_emissions", is_stabsstelle)
rules.add_perm("reports.manage_reports", is_stabsstelle)
rules.add_perm("reports.view_report", is_stabsstelle | is_published_report)
