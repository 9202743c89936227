"""What the API shows and accepts. Reads come from the models; writes go through the actions."""

from rest_framework import serializers

from agenda.models import AgendaItem, Status
from discussions.models import POST_MAX_LENGTH, Proposal, ProposalKind
from handbook.models import HandbookPage


class AgendaItemSerializer(serializers.ModelSerializer):
    part = serializers.IntegerField(source="part.number", read_only=True)
    theme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    owner = serializers.StringRelatedField(read_only=True)
    working_group = serializers.StringRelatedField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    version = serializers.IntegerField(
        source="latest_revision_id",
        read_only=True,
        help_text="Stuur deze waarde mee bij een wijziging; is het punt intussen gewijzigd, "
        "dan volgt 409 en wordt niets opgeslagen.",
    )

    class Meta:
        model = AgendaItem
        fields = [
            "id", "code", "title", "summary", "part", "theme", "kind", "domain", "status",
            "status_reason", "progress", "start_date", "deadline", "realised_on", "owner",
            "working_group", "visibility", "is_priority", "url", "version",
        ]  # fmt: skip
        read_only_fields = fields


class AgendaItemUpdateSerializer(serializers.Serializer):
    """A working group's update: status, progress, reason and deadline (agenda.actions)."""

    status = serializers.ChoiceField(choices=Status.choices, required=False)
    progress = serializers.IntegerField(min_value=0, max_value=100, required=False, allow_null=True)
    status_reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    deadline = serializers.DateField(required=False, allow_null=True)
    version = serializers.IntegerField(required=False, allow_null=True)

    def validate(self, attrs):
        if not set(attrs) - {"version"}:
            raise serializers.ValidationError("Geef ten minste één veld om te wijzigen.")
        return attrs


class ProposalSerializer(serializers.ModelSerializer):
    author = serializers.StringRelatedField(read_only=True)
    organisation = serializers.StringRelatedField(read_only=True)
    affected_part = serializers.SlugRelatedField(
        slug_field="number", read_only=True, help_text="Nummer van het deel van de agenda."
    )
    theme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    supporter_count = serializers.IntegerField(read_only=True)
    url = serializers.CharField(source="get_absolute_url", read_only=True)
    version = serializers.IntegerField(
        read_only=True,
        help_text="Stuur deze waarde mee bij een wijziging; is het voorstel intussen gewijzigd, "
        "dan volgt 409 en wordt niets opgeslagen.",
    )

    class Meta:
        model = Proposal
        fields = [
            "id", "kind", "title", "problem", "proposed_change", "expected_effect", "evidence",
            "domain", "affected_part", "theme", "status", "decision_reason", "agenda_item",
            "author", "organisation", "supporter_count", "created_at", "url", "version",
        ]  # fmt: skip
        read_only_fields = fields


class ProposalCreateSerializer(serializers.Serializer):
    """A new proposal or signal; `submission_key` makes a resent request store one proposal."""

    kind = serializers.ChoiceField(choices=ProposalKind.choices, default=ProposalKind.PROPOSAL)
    title = serializers.CharField(max_length=200)
    problem = serializers.CharField(max_length=POST_MAX_LENGTH)
    proposed_change = serializers.CharField(
        max_length=POST_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    expected_effect = serializers.CharField(
        max_length=POST_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    evidence = serializers.CharField(
        max_length=POST_MAX_LENGTH, required=False, allow_blank=True, default=""
    )
    domain = serializers.ChoiceField(choices=Proposal._meta.get_field("domain").choices)
    submission_key = serializers.UUIDField(required=False)

    def validate(self, attrs):
        if (
            attrs.get("kind") == ProposalKind.PROPOSAL
            and not attrs.get("proposed_change", "").strip()
        ):
            raise serializers.ValidationError(
                {"proposed_change": "Beschrijf wat u voorstelt; bij een signaal mag dit leeg."}
            )
        return attrs


class ProposalWithdrawSerializer(serializers.Serializer):
    """Its author takes a proposal back while it is ingediend
    (discussions.actions.withdraw_proposal)."""

    reason = serializers.CharField(
        max_length=1000,
        required=False,
        allow_blank=True,
        help_text="Waarom (verplicht); wie het steunt of volgt en het expertteam lezen dit.",
    )


class ProposalUpdateSerializer(serializers.Serializer):
    """A correction by the author (or the expert team) while the proposal is ingediend
    (discussions.actions.edit_proposal): only the fields sent change."""

    kind = serializers.ChoiceField(choices=ProposalKind.choices, required=False)
    title = serializers.CharField(max_length=200, required=False)
    problem = serializers.CharField(max_length=POST_MAX_LENGTH, required=False)
    proposed_change = serializers.CharField(
        max_length=POST_MAX_LENGTH, required=False, allow_blank=True
    )
    expected_effect = serializers.CharField(
        max_length=POST_MAX_LENGTH, required=False, allow_blank=True
    )
    evidence = serializers.CharField(max_length=POST_MAX_LENGTH, required=False, allow_blank=True)
    domain = serializers.ChoiceField(
        choices=Proposal._meta.get_field("domain").choices, required=False
    )
    version = serializers.IntegerField(
        min_value=0, help_text="De `version` van het voorstel zoals u het las."
    )

    def validate(self, attrs):
        if not set(attrs) - {"version"}:
            raise serializers.ValidationError("Geef ten minste één veld om te wijzigen.")
        return attrs


class HandbookPageSerializer(serializers.ModelSerializer):
    type = serializers.SerializerMethodField()
    url = serializers.SerializerMethodField()

    class Meta:
        model = HandbookPage
        fields = [
            "id", "title", "type", "domain", "summary", "plain_summary", "review_date",
            "last_published_at", "url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_type(self, page) -> str:
        return page.specific_class._meta.model_name if page.specific_class else "handbookpage"

    def get_url(self, page) -> str:
        return page.url or ""


class SearchHitSerializer(serializers.Serializer):
    doc_id = serializers.CharField()
    type = serializers.CharField()
    title = serializers.CharField()
    url = serializers.CharField()
    highlight = serializers.CharField(help_text="HTML: alleen <mark> rond de gevonden woorden.")


class SearchResultSerializer(serializers.Serializer):
    query = serializers.CharField()
    total = serializers.IntegerField()
    backend = serializers.CharField()
    hits = SearchHitSerializer(many=True)
