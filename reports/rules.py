"""Who may see, render and publish annual reports and the city balance (the `rules` package)."""

import rules

from accounts.roles import is_stabsstelle


@rules.predicate
def is_published_report(user, report) -> bool:
    return report is not None and report.published


@rules.predicate
def is_finished_report(user, report) -> bool:
    """The report's PDF has been rendered."""
    from .models import AnnualReport

    return report is not None and report.state == AnnualReport.State.DONE


rules.add_perm("reports.manage_reports", is_stabsstelle)
rules.add_perm("reports.view_report", is_stabsstelle | is_published_report)
# The PDF: once rendered, for staff and, when published, for everyone.
rules.add_perm(
    "reports.download_report", is_finished_report & (is_stabsstelle | is_published_report)
)
rules.add_perm("reports.publish_report", is_stabsstelle & is_finished_report & ~is_published_report)
rules.add_perm("reports.unpublish_report", is_stabsstelle & is_published_report)
