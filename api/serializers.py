"""What the API shows and accepts. Reads come from the models; writes go through the actions."""

from rest_framework import serializers

from accounts.models import WorkingGroup
from accounts.visibility import Visibility
from agenda.models import AgendaItem, Status, Theme
from discussions.forms import handbook_sections
from discussions.models import POST_MAX_LENGTH, Post, Proposal, ProposalKind, Thread
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
    supporting_organisations = serializers.IntegerField(
        source="supporting_organisation_count",
        read_only=True,
        help_text="Hoeveel organisaties het voorstel steunen; hierop ordent order=support.",
    )
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
            "author", "organisation", "supporter_count", "supporting_organisations",
            "created_at", "url", "version",
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


class ThreadSerializer(serializers.ModelSerializer):
    theme = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    agenda_item = serializers.SerializerMethodField(
        help_text="Het agendapunt waar de discussie bij hoort, als u het mag zien."
    )
    working_group = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    author = serializers.StringRelatedField(read_only=True)
    organisation = serializers.StringRelatedField(source="author.organisation", read_only=True)
    tags = serializers.SerializerMethodField()
    post_count = serializers.IntegerField(
        read_only=True, help_text="Berichten die niet verborgen zijn."
    )
    new_posts = serializers.IntegerField(
        read_only=True,
        help_text="Berichten van anderen na het laatste dat u zag (op de site, of gemarkeerd "
        "met `read`); verborgen berichten tellen niet.",
    )
    opened = serializers.BooleanField(
        read_only=True, help_text="Of u de discussie eerder opende (anders is alles nieuw)."
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Thread
        fields = [
            "id", "title", "theme", "agenda_item", "handbook_page", "visibility",
            "working_group", "author", "organisation", "created_at", "last_post_at",
            "is_locked", "locked_reason", "tags", "post_count", "new_posts", "opened", "url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_agenda_item(self, thread) -> int | None:
        return thread.agenda_item_id if thread.agenda_item_visible else None

    def get_tags(self, thread) -> list[str]:
        return sorted(tag.name for tag in thread.tags.all())


class HandbookSectionField(serializers.PrimaryKeyRelatedField):
    """A published part or chapter of the handbook, as the site's form offers them; looked up
    only when a value comes in (the schema, made without a database, does not ask)."""

    def get_queryset(self):
        return handbook_sections()


class ThreadCreateSerializer(serializers.Serializer):
    """A new discussion with its opening post (discussions.actions.start_thread)."""

    title = serializers.CharField(max_length=200)
    body = serializers.CharField(
        max_length=POST_MAX_LENGTH, help_text="Het eerste bericht, in Markdown."
    )
    theme = serializers.SlugRelatedField(
        slug_field="slug", queryset=Theme.objects.all(), required=False, allow_null=True
    )
    handbook_page = HandbookSectionField(
        queryset=HandbookPage.objects.none(),  # its kind, for the schema; get_queryset chooses
        required=False,
        allow_null=True,
        help_text="Een gepubliceerd deel of hoofdstuk van de handreiking.",
    )
    visibility = serializers.ChoiceField(
        choices=Visibility.choices,
        default=Visibility.MEMBERS,
        help_text="public alleen voor het expertteam, municipalities alleen voor gemeenten, "
        "working_group alleen voor een lid van die werkgroep.",
    )
    working_group = serializers.SlugRelatedField(
        slug_field="slug", queryset=WorkingGroup.objects.all(), required=False, allow_null=True
    )
    tags = serializers.ListField(
        child=serializers.CharField(max_length=100), required=False, max_length=20, default=list
    )


def post_id_field(help_text):
    """An optional post, by its number (within the range of a database integer)."""
    return serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=2**31 - 1, help_text=help_text
    )


class ThreadReadSerializer(serializers.Serializer):
    up_to = post_id_field("Het laatste bericht dat u las; zonder: het nieuwste van de discussie.")


class PostSerializer(serializers.ModelSerializer):
    """A post as the thread page shows it: a hidden post says why instead of what."""

    author = serializers.StringRelatedField(read_only=True)
    organisation = serializers.StringRelatedField(source="author.organisation", read_only=True)
    body = serializers.SerializerMethodField(help_text="De tekst in Markdown; leeg als verborgen.")
    body_html = serializers.SerializerMethodField(
        help_text="De tekst als opgeschoonde HTML; leeg als verborgen."
    )
    hidden = serializers.BooleanField(source="is_hidden", read_only=True)
    erased = serializers.BooleanField(
        source="is_erased", read_only=True, help_text="Definitief gewist (AVG)."
    )
    version = serializers.IntegerField(
        source="edit_count",
        read_only=True,
        help_text="Stuur deze waarde mee bij een wijziging; is het bericht intussen gewijzigd, "
        "dan volgt 409 en wordt niets opgeslagen.",
    )
    url = serializers.CharField(source="get_absolute_url", read_only=True)

    class Meta:
        model = Post
        fields = [
            "id", "thread", "author", "organisation", "body", "body_html", "quote_of",
            "created_at", "edited_at", "hidden", "hidden_reason", "erased", "version", "url",
        ]  # fmt: skip
        read_only_fields = fields

    def get_body(self, post) -> str:
        return "" if post.is_hidden else post.body_source

    def get_body_html(self, post) -> str:
        return "" if post.is_hidden else post.body_html


class PostCreateSerializer(serializers.Serializer):
    """A reply (discussions.actions.add_post); 409 when the expert team closed the thread."""

    body = serializers.CharField(max_length=POST_MAX_LENGTH, help_text="In Markdown.")
    quote_of = post_id_field("Het bericht in deze discussie dat u citeert.")


class PostUpdateSerializer(serializers.Serializer):
    """A change to one's own post (discussions.actions.edit_post); the text before stays in its
    history."""

    body = serializers.CharField(max_length=POST_MAX_LENGTH)
    version = serializers.IntegerField(
        min_value=0, help_text="De `version` van het bericht zoals u het las."
    )


class PostReportSerializer(serializers.Serializer):
    """Ask the expert team to look at a post."""

    reason = serializers.CharField(max_length=500, help_text="Wat is er mis met dit bericht?")


class FollowSerializer(serializers.Serializer):
    following = serializers.BooleanField(
        help_text='Of u nu meldingen krijgt van wat er gebeurt (zoals "Volgen" op de site).'
    )


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
