"""What the read API shows of each object: the public pages' content, nothing internal.

Partner names go through partners.naming (DESIGN.md "Consent"): a partner without consent to
public listing appears as the placeholder with slug null, never by name. Results are the
approved rows of published projects (a pending revision lives in its own table until staff
approve it). Figures in t CO2e are rounded like on the pages (core.numbers)."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from core.numbers import json_tonnes
from decisions.selectors import follow_up_of
from partners.naming import public_partner_json, public_partner_name, public_partners_json
from projects.models import ProjectResult


def absolute(request, path: str) -> str:
    return request.build_absolute_uri(path) if request is not None else path


class WebUrlField(serializers.Field):
    """The object's page in the portal, as an absolute URL."""

    def __init__(self, **kwargs):
        kwargs["source"] = "*"
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, obj):
        return absolute(self.context.get("request"), obj.get_absolute_url())


extend_schema_field({"type": "string", "format": "uri"})(WebUrlField)


class TonnesField(serializers.Field):
    """t CO2e, rounded to one decimal as on the pages."""

    def __init__(self, **kwargs):
        kwargs["read_only"] = True
        super().__init__(**kwargs)

    def to_representation(self, value):
        return json_tonnes(value)


extend_schema_field({"type": "number", "format": "double", "nullable": True})(TonnesField)


class PublicPartnerSerializer(serializers.Serializer):
    """A partner as the public may see it: without consent slug null and the placeholder."""

    slug = serializers.CharField(allow_null=True)
    name = serializers.CharField()


class RefSerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()


# Projects --------------------------------------------------------------------------------

RESULT_FIELDS = {field.name for field in ProjectResult._meta.get_fields()}


class ActivityLineSerializer(serializers.Serializer):
    """One line of activity data behind a result, with the factor version it used."""

    carrier = serializers.CharField()
    carrier_label = serializers.CharField(source="get_carrier_display")
    quantity = serializers.DecimalField(max_digits=12, decimal_places=3, coerce_to_string=False)
    unit = serializers.CharField()
    emission_factor_id = serializers.IntegerField(source="factor_id")
    emission_factor_version = serializers.IntegerField(source="factor.version")
    kg_co2e_per_unit = serializers.DecimalField(
        source="factor.kg_co2e_per_unit", max_digits=10, decimal_places=4, coerce_to_string=False
    )
    t_co2e = serializers.SerializerMethodField()

    @extend_schema_field(OpenApiTypes.DOUBLE)
    def get_t_co2e(self, line) -> float:
        return float(round(line.kg_co2e / 1000, 3))


class ResultSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    achieved_reduction_t_co2e = TonnesField(source="achieved_reduction")
    note = serializers.CharField()
    updated_at = serializers.DateTimeField()

    # The quantification of a result (activity lines × a versioned factor, the data quality
    # grade A-D), where the projects app stores it.
    if "data_quality" in RESULT_FIELDS:
        data_quality = serializers.CharField()
        data_quality_label = serializers.CharField(source="get_data_quality_display")
    if "lines" in RESULT_FIELDS:
        activity_lines = ActivityLineSerializer(source="lines.all", many=True)


class ProjectSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    summary = serializers.CharField()
    description = serializers.CharField(help_text="Markdown")
    url = WebUrlField()
    lead_partner = serializers.SerializerMethodField()
    participating_partners = serializers.SerializerMethodField()
    field_of_action = RefSerializer()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")
    start_date = serializers.DateField()
    end_date = serializers.DateField(allow_null=True)
    address = serializers.CharField()
    latitude = serializers.FloatField(allow_null=True)
    longitude = serializers.FloatField(allow_null=True)
    expected_reduction_t_co2e_per_year = TonnesField(source="expected_reduction")
    baseline = serializers.CharField()
    calculation_method = serializers.CharField()
    emission_factor_source = serializers.CharField()
    credited = serializers.BooleanField()
    achieved_reduction_total_t_co2e = serializers.SerializerMethodField()
    results = ResultSerializer(source="results.all", many=True)
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()

    @extend_schema_field(PublicPartnerSerializer)
    def get_lead_partner(self, project) -> dict:
        return public_partner_json(project.lead_partner)

    @extend_schema_field(PublicPartnerSerializer(many=True))
    def get_participating_partners(self, project) -> list:
        return public_partners_json(project.participants)

    @extend_schema_field({"type": "number", "format": "double", "nullable": True})
    def get_achieved_reduction_total_t_co2e(self, project):
        results = list(project.results.all())
        if not results:
            return None
        return json_tonnes(sum((r.achieved_reduction for r in results), start=0))


# Partners and bodies ------------------------------------------------------------------------


class PartnerSerializer(serializers.Serializer):
    """A listed partner (active, consented): what its public profile shows."""

    slug = serializers.CharField()
    name = serializers.CharField()
    url = WebUrlField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    sector = RefSerializer(allow_null=True)
    description = serializers.CharField()
    website = serializers.CharField()
    street = serializers.CharField()
    postal_code = serializers.CharField()
    city = serializers.CharField()
    size_band = serializers.CharField()
    joined_on = serializers.DateField(allow_null=True)
    updated_at = serializers.DateTimeField()


class BodySerializer(serializers.Serializer):
    slug = serializers.CharField()
    name = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    description = serializers.CharField(help_text="Markdown")
    url = WebUrlField()


# Meetings ------------------------------------------------------------------------------------


class AgendaItemSerializer(serializers.Serializer):
    # The presenter is a person's name: not part of the open data.
    position = serializers.IntegerField()
    title = serializers.CharField()
    description = serializers.CharField()
    duration_minutes = serializers.IntegerField(allow_null=True)


class DocumentSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    uploaded_at = serializers.DateTimeField()
    url = WebUrlField()


class MeetingSerializer(serializers.Serializer):
    """A public meeting: no online link, no minutes, no attendance or RSVPs."""

    id = serializers.IntegerField()
    title = serializers.CharField()
    body = RefSerializer()
    url = WebUrlField()
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    format = serializers.CharField()
    format_label = serializers.CharField(source="get_format_display")
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField()
    place = serializers.CharField()
    core_topics = serializers.ListField(source="core_topic_list", child=serializers.CharField())
    description = serializers.CharField(help_text="Markdown")
    summary = serializers.CharField(help_text="Markdown")
    agenda = AgendaItemSerializer(source="agenda_items.all", many=True)
    documents = DocumentSerializer(source="public_documents", many=True)
    published_at = serializers.DateTimeField(allow_null=True)
    updated_at = serializers.DateTimeField()


# Decisions -----------------------------------------------------------------------------------


class FollowUpSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    tasks = serializers.IntegerField()
    done = serializers.IntegerField()


class DecisionTaskSerializer(serializers.Serializer):
    """A public task of a decision's follow-up; a partner is named only with its consent,
    never a person."""

    title = serializers.CharField()
    due_on = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    responsible = serializers.CharField()


def public_responsible(item) -> str:
    if item.owner_kind == "partner":
        return public_partner_name(item.responsible_partner)
    if item.owner_kind == "gremium" and item.responsible_body is not None:
        return item.responsible_body.name
    return str(item.get_owner_kind_display())


class DecisionSerializer(serializers.Serializer):
    """A decided proposal of the public register with its stored result; who stated which
    position is not public."""

    id = serializers.IntegerField()
    number = serializers.CharField()
    title = serializers.CharField()
    text = serializers.CharField(help_text="Markdown")
    url = WebUrlField()
    body = RefSerializer()
    procedure = serializers.CharField()
    procedure_label = serializers.CharField(source="get_procedure_display")
    state = serializers.CharField()
    state_label = serializers.CharField(source="get_state_display")
    decided_at = serializers.DateTimeField()
    meeting_id = serializers.SerializerMethodField()
    consent_count = serializers.IntegerField()
    abstain_count = serializers.IntegerField()
    objection_count = serializers.IntegerField()
    silent_count = serializers.IntegerField()
    participant_count = serializers.IntegerField()
    # The public learns why a proposal failed, not who objected (as on the decision's page);
    # the stored result text is for active partners and staff only.
    objection_reasons = serializers.SerializerMethodField()
    review_on = serializers.DateField(allow_null=True)
    corrects = serializers.SerializerMethodField()
    follow_up = serializers.SerializerMethodField()
    tasks = serializers.SerializerMethodField()

    @extend_schema_field({"type": "array", "items": {"type": "string"}})
    def get_objection_reasons(self, proposal) -> list:
        return [position.reason for position in proposal.public_objections]

    @extend_schema_field(FollowUpSerializer(allow_null=True))
    def get_follow_up(self, proposal):
        follow_up = follow_up_of(proposal)
        if follow_up is None:
            return None
        return {
            "key": follow_up.key,
            "label": follow_up.label,
            "tasks": follow_up.tasks,
            "done": follow_up.done,
        }

    @extend_schema_field(DecisionTaskSerializer(many=True))
    def get_tasks(self, proposal) -> list:
        return [
            {
                "title": link.action_item.title,
                "due_on": link.action_item.due_on.isoformat(),
                "status": link.action_item.status,
                "status_label": str(link.action_item.get_status_display()),
                "responsible": public_responsible(link.action_item),
            }
            for link in proposal.public_task_links
        ]

    @extend_schema_field({"type": "integer", "nullable": True})
    def get_meeting_id(self, proposal):
        meeting = proposal.meeting
        return meeting.pk if meeting is not None and meeting.is_public else None

    @extend_schema_field({"type": "string", "nullable": True})
    def get_corrects(self, proposal):
        corrected = proposal.corrects
        return corrected.number if corrected is not None and corrected.is_decided else None


# News ----------------------------------------------------------------------------------------


class PostSerializer(serializers.Serializer):
    slug = serializers.CharField()
    title = serializers.CharField()
    teaser = serializers.CharField()
    body = serializers.CharField(help_text="Markdown")
    url = WebUrlField()
    publish_at = serializers.DateTimeField()
    updated_at = serializers.DateTimeField()


# Climate -------------------------------------------------------------------------------------


class SectorSerializer(serializers.Serializer):
    key = serializers.CharField()
    label = serializers.CharField()
    t_co2e = serializers.FloatField(allow_null=True)


class CityBalanceSerializer(serializers.Serializer):
    """One year of the city's balance (BISKO) with the target path's value for the year."""

    year = serializers.IntegerField()
    total_t_co2e = serializers.FloatField(source="total_t")
    population = serializers.IntegerField()
    per_capita_t_co2e = serializers.FloatField(source="per_capita")
    target_per_capita_t_co2e = serializers.SerializerMethodField()
    preliminary = serializers.BooleanField()
    source = serializers.CharField()
    note = serializers.CharField()
    sectors = serializers.SerializerMethodField()
    updated_at = serializers.DateTimeField()

    @extend_schema_field({"type": "number", "format": "double", "nullable": True})
    def get_target_per_capita_t_co2e(self, row):
        target = self.context.get("targets", {}).get(row.year)
        return None if target is None else float(target)

    @extend_schema_field(SectorSerializer(many=True))
    def get_sectors(self, row) -> list:
        if not row.has_sectors:
            return []
        return [
            {"key": name, "label": str(label), "t_co2e": float(value)}
            for name, label, value in row.sectors
        ]


class EmissionFactorSerializer(serializers.Serializer):
    """One version of an emission factor (kg CO2e per unit including upstream chains)."""

    id = serializers.IntegerField()
    carrier = serializers.CharField()
    carrier_label = serializers.CharField(source="get_carrier_display")
    version = serializers.IntegerField()
    unit = serializers.CharField()
    kg_co2e_per_unit = serializers.DecimalField(
        max_digits=10, decimal_places=4, coerce_to_string=False
    )
    source = serializers.CharField()
    source_year = serializers.IntegerField()
    valid_from = serializers.IntegerField()
    valid_until = serializers.IntegerField(allow_null=True)
    confirmed = serializers.BooleanField()
    confirmed_at = serializers.DateTimeField(allow_null=True)
    note = serializers.CharField()
    created_at = serializers.DateTimeField()
