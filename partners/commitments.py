"""The commitments of the Gemeinsame Erklärung a signatory confirms one by one."""

from django.utils.translation import gettext_lazy as _

COMMITMENTS = [
    (
        "goal",
        _(
            "We support the goal of reducing greenhouse gases in Magdeburg to 3.2 t CO2 "
            "per inhabitant and year by 2050."
        ),
    ),
    (
        "project",
        _(
            "We take part in developing and implementing at least one concrete CO2 "
            "reduction project."
        ),
    ),
    (
        "network",
        _(
            "We help to grow the Klimaallianz as a network and take part in its meetings "
            "at least twice a year."
        ),
    ),
    ("working_groups", _("We send representatives to the working groups that fit our sector.")),
    (
        "reporting",
        _("We report on our projects so that the cooperation can be reviewed every year."),
    ),
]
COMMITMENT_KEYS = [key for key, _label in COMMITMENTS]
