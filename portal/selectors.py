"""Figures that span apps: the home page."""

from dataclasses import dataclass
from decimal import Decimal

from decisions.selectors import decision_register
from meetings.models import Meeting
from news.models import Post
from partners.models import Partner
from projects.selectors import Totals, totals
from reports.selectors import TargetPathData, target_path


@dataclass(frozen=True)
class HomeData:
    active_partners: int
    projects: Totals
    path: TargetPathData
    news: list[Post]
    meetings: list[Meeting]
    decisions: list

    @property
    def expected(self) -> Decimal:
        return self.projects.expected


def home_data() -> HomeData:
    """Everything the home page shows, in a fixed number of queries."""
    return HomeData(
        active_partners=Partner.objects.active().count(),
        projects=totals(),
        path=target_path(),
        news=list(Post.objects.published().only("title", "slug", "teaser", "publish_at")[:3]),
        meetings=list(
            Meeting.objects.public()
            .exclude(state=Meeting.State.CANCELLED)
            .upcoming()
            .select_related("body")[:3]
        ),
        decisions=list(decision_register()[:3]),
    )
