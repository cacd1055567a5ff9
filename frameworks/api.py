"""API for frameworks and their goal trees: read by anyone; create, edit, import by national coordinators and
administrators (through the services); export in three formats; coverage counts per goal."""

from django.urls import reverse
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_field
from rest_framework import permissions, renderers, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response

from core.api import call_service

from . import queries, services
from .exports import export_framework
from .interchange import FORMATS
from .models import Framework, Goal, Paragraph
from .permissions import can, visible_to


class CanChangeFrameworks(permissions.BasePermission):
    """Reads for everyone; writes for those `frameworks.permissions.can` allows (coordinators, administrators)."""

    ACTIONS = {"POST": "create", "PUT": "change", "PATCH": "change", "DELETE": "delete"}

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            return True
        if getattr(view, "action", None) == "import_file":
            return can(request.user, "import")
        if getattr(view, "action", None) == "paragraph":
            return can(request.user, "change")
        return can(request.user, self.ACTIONS.get(request.method, "change"))


class ParagraphSerializer(serializers.ModelSerializer):
    class Meta:
        model = Paragraph
        fields = ["id", "number", "text", "lang"]
        extra_kwargs = {"lang": {"required": False, "help_text": "en or ar; detected from the text when left out."}}


class GoalNodeSerializer(serializers.ModelSerializer):
    """A goal inside a tree, with its sub-goals nested to any depth."""

    path = serializers.CharField(read_only=True, help_text="The number with its parents', such as 2.1.")
    paragraphs = ParagraphSerializer(many=True, read_only=True, source="paragraph_list")

    class Meta:
        model = Goal
        fields = ["id", "number", "path", "position", "title_en", "title_ar", "description_en", "description_ar",
                  "aliases", "paragraphs", "children"]
        read_only_fields = fields

    def get_fields(self):
        fields = super().get_fields()
        fields["children"] = GoalNodeSerializer(many=True, read_only=True, source="tree_children")
        return fields


def _tree_node(serializer, goal: Goal) -> Goal | None:
    """The goal as placed in its framework's tree (one tree per framework and request, built once)."""
    trees = serializer.context.setdefault("_goal_trees", {})
    if goal.framework_id not in trees:
        roots = queries.goal_tree(goal.framework, reader=_reader(serializer))
        trees[goal.framework_id] = {node.pk: node for node in queries.walk_tree(roots)}
    return trees[goal.framework_id].get(goal.pk)


def _reader(serializer):
    """Who reads: the request's user (goal trees then hold the proposals they may see), else nobody."""
    request = serializer.context.get("request")
    return request.user if request is not None else None


class GoalSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="goal-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    framework = serializers.SlugRelatedField(slug_field="slug", queryset=Framework.objects.all())
    parent = serializers.PrimaryKeyRelatedField(
        queryset=Goal.objects.all(), allow_null=True, required=False,
        help_text="Id of the goal this one is nested under (same framework); null for a top-level goal.",
    )
    number = serializers.CharField(max_length=20, help_text="Its number among its siblings, without dots.")
    position = serializers.IntegerField(min_value=0, required=False, help_text="Order among its siblings.")
    aliases = serializers.ListField(child=serializers.CharField(), required=False)
    path = serializers.SerializerMethodField()
    paragraphs = serializers.SerializerMethodField()
    children = serializers.SerializerMethodField()

    class Meta:
        model = Goal
        fields = ["id", "url", "display", "framework", "parent", "number", "path", "position", "title_en",
                  "title_ar", "description_en", "description_ar", "aliases", "paragraphs", "children"]
        validators = []  # numbers unique among siblings: the service checks, with a clear message

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and not isinstance(self.instance, (list, tuple)) and hasattr(
            self.instance, "pk"
        ):
            fields["framework"].read_only = True  # a goal stays in its framework
        return fields

    @extend_schema_field(OpenApiTypes.STR)
    def get_path(self, goal) -> str:
        node = _tree_node(self, goal)
        return node.path if node else goal.number

    @extend_schema_field(ParagraphSerializer(many=True))
    def get_paragraphs(self, goal):
        node = _tree_node(self, goal)
        return ParagraphSerializer(node.paragraph_list if node else [], many=True).data

    @extend_schema_field(GoalNodeSerializer(many=True))
    def get_children(self, goal):
        node = _tree_node(self, goal)
        return GoalNodeSerializer(node.tree_children if node else [], many=True, context=self.context).data


class FrameworkSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="framework-detail", lookup_field="slug")
    display = serializers.CharField(source="__str__", read_only=True)
    goals = serializers.SerializerMethodField(help_text="The top-level goals, each with its sub-goals nested.")

    class Meta:
        model = Framework
        fields = ["id", "url", "display", "slug", "short_name", "title_en", "title_ar", "year", "status",
                  "description_en", "description_ar", "source", "goals"]

    def get_fields(self):
        fields = super().get_fields()
        if self.instance is not None and hasattr(self.instance, "pk"):
            fields["slug"].read_only = True  # the slug is the framework's permanent key
        return fields

    @extend_schema_field(GoalNodeSerializer(many=True))
    def get_goals(self, framework):
        return GoalNodeSerializer(queries.goal_tree(framework, reader=_reader(self)), many=True,
                                  context=self.context).data


class ImportSerializer(serializers.Serializer):
    file = serializers.FileField(required=False, help_text="A .txt, .md, .yaml, .yml or .json file (UTF-8).")
    text = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                 help_text="The framework as text, instead of a file.")
    format = serializers.ChoiceField(choices=FORMATS, required=False,
                                     help_text="text, yaml or json; recognised from the file name or content when "
                                               "left out.")
    slug = serializers.SlugField(required=False, allow_blank=True,
                                 help_text="Needed when the file does not name the framework.")
    title_en = serializers.CharField(required=False, allow_blank=True, max_length=300)
    title_ar = serializers.CharField(required=False, allow_blank=True, max_length=300)

    def validate(self, attrs):
        if bool(attrs.get("file")) == bool((attrs.get("text") or "").strip()):
            raise serializers.ValidationError("Give either a file or a text.")
        return attrs


class ImportReportSerializer(serializers.Serializer):
    framework = FrameworkSerializer(read_only=True)
    report = serializers.DictField(read_only=True, help_text="Goals and paragraphs created, updated, unchanged; "
                                                             "warnings.")


class CoverageRowSerializer(serializers.Serializer):
    goal = serializers.IntegerField(source="goal.pk")
    number = serializers.CharField(source="goal.number")
    path = serializers.CharField(source="goal.path")
    depth = serializers.IntegerField(source="goal.depth")
    parent = serializers.IntegerField(source="goal.parent_id", allow_null=True)
    title = serializers.CharField(source="goal.title")
    title_en = serializers.CharField(source="goal.title_en")
    title_ar = serializers.CharField(source="goal.title_ar")
    practices = serializers.IntegerField(source="direct", help_text="Practices linked to the goal or a sub-goal.")
    practices_via_crosswalks = serializers.IntegerField(
        source="via", help_text="Practices linked to goals of other frameworks tied to it by confirmed crosswalks."
    )
    practices_total = serializers.IntegerField(source="total", help_text="Both, each practice counted once.")
    practices_url = serializers.SerializerMethodField()

    def get_practices_url(self, row) -> str:
        request = self.context.get("request")
        url = f"{reverse('practice-list')}?goal={row.goal.pk}"
        return request.build_absolute_uri(url) if request else url


class _Passthrough(renderers.BaseRenderer):
    """Writes an export string as it is (and an error as JSON)."""

    charset = "utf-8"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        if isinstance(data, str):
            return data.encode("utf-8")
        return renderers.JSONRenderer().render(data)


class TextExportRenderer(_Passthrough):
    media_type = "text/plain"
    format = "text"


class YAMLExportRenderer(_Passthrough):
    media_type = "application/yaml"
    format = "yaml"


class JSONExportRenderer(_Passthrough):
    media_type = "application/json"
    format = "json"


EXTENSIONS = {"text": "txt", "yaml": "yaml", "json": "json"}


class FrameworkViewSet(viewsets.ModelViewSet):
    serializer_class = FrameworkSerializer
    lookup_field = "slug"
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanChangeFrameworks]
    http_method_names = ["get", "post", "put", "patch", "head", "options"]

    def get_queryset(self):
        return visible_to(self.request.user, Framework.with_proposals.order_by("slug"))

    def finalize_response(self, request, response, *args, **kwargs):
        # An export that fails (unknown slug, refused) answers in JSON like every other error, not as the
        # text or YAML the download would have been.
        if getattr(self, "action", None) == "export" and response.status_code >= 400:
            request.accepted_renderer, request.accepted_media_type = JSONRenderer(), "application/json"
        return super().finalize_response(request, response, *args, **kwargs)

    def perform_create(self, serializer):
        serializer.instance = call_service(services.create_framework, actor=self.request.user,
                                    **serializer.validated_data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("slug", None)
        serializer.instance = call_service(services.update_framework, actor=self.request.user,
                                    framework=serializer.instance, **data)

    @extend_schema(
        summary="Download the framework as compendium text, YAML or JSON",
        responses={(200, "text/plain"): OpenApiTypes.STR, (200, "application/yaml"): OpenApiTypes.STR,
                   (200, "application/json"): OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["get"],
            renderer_classes=[JSONExportRenderer, YAMLExportRenderer, TextExportRenderer])
    def export(self, request, slug=None, format=None):
        framework = self.get_object()
        fmt = request.accepted_renderer.format
        response = Response(export_framework(framework, fmt, reader=request.user))
        response["Content-Disposition"] = f'attachment; filename="{framework.slug}.{EXTENSIONS[fmt]}"'
        return response

    @extend_schema(
        summary="Create or update a framework from compendium text, YAML or JSON",
        request={"multipart/form-data": ImportSerializer, "application/json": ImportSerializer},
        responses={201: ImportReportSerializer, 200: ImportReportSerializer,
                   400: OpenApiResponse(description="The problems, each naming its line or key; nothing written.")},
    )
    @action(detail=False, methods=["post"], url_path="import", url_name="import",
            parser_classes=[MultiPartParser, FormParser, JSONParser])
    def import_file(self, request, format=None):
        payload = ImportSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        data = payload.validated_data
        upload = data.get("file")
        framework, report = call_service(
            services.import_framework, actor=request.user,
            data=upload.read() if upload else data["text"], filename=upload.name if upload else "",
            slug=data.get("slug") or None, title_en=data.get("title_en", ""), title_ar=data.get("title_ar", ""),
            fmt=data.get("format"),
        )
        body = {"framework": FrameworkSerializer(framework, context=self.get_serializer_context()).data,
                "report": report.as_dict()}
        return Response(body, status=status.HTTP_201_CREATED if report.framework_created else status.HTTP_200_OK)

    @extend_schema(summary="Goals × number of practices (direct and through confirmed crosswalk links)",
                   responses=CoverageRowSerializer(many=True))
    @action(detail=True, methods=["get"], pagination_class=None)
    def coverage(self, request, slug=None, format=None):
        framework = self.get_object()
        rows = queries.coverage(framework, links=queries.visible_links(request.user), reader=request.user)
        return Response(CoverageRowSerializer(rows, many=True, context=self.get_serializer_context()).data)


class GoalViewSet(viewsets.ModelViewSet):
    serializer_class = GoalSerializer
    permission_classes = [permissions.IsAuthenticatedOrReadOnly, CanChangeFrameworks]
    filterset_fields = ["framework__slug", "number", "parent"]

    def get_queryset(self):
        goals = visible_to(self.request.user, Goal.with_proposals.select_related("framework"))
        return goals.filter(framework__in=visible_to(self.request.user, Framework.with_proposals.all())).order_by(
            "framework__slug", "position", "id")

    def perform_create(self, serializer):
        data = dict(serializer.validated_data)
        serializer.instance = call_service(services.create_goal, actor=self.request.user, **data)

    def perform_update(self, serializer):
        data = dict(serializer.validated_data)
        data.pop("framework", None)
        serializer.instance = call_service(services.update_goal, actor=self.request.user, goal=serializer.instance, **data)

    def perform_destroy(self, instance):
        call_service(services.delete_goal, actor=self.request.user, goal=instance)

    @extend_schema(summary="Create or replace a numbered paragraph of the goal",
                   request=ParagraphSerializer, responses={200: ParagraphSerializer})
    @action(detail=True, methods=["post"], url_path="paragraphs")
    def paragraph(self, request, pk=None, format=None):
        goal = self.get_object()
        payload = ParagraphSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        paragraph = call_service(services.set_paragraph, actor=request.user, goal=goal,
                          number=payload.validated_data["number"], text=payload.validated_data["text"],
                          lang=payload.validated_data.get("lang") or None)
        return Response(ParagraphSerializer(paragraph).data)

