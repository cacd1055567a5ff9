"""API for source documents: list and read what the user may see; upload one to import it."""

from django.urls import reverse
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, parsers, serializers, status, viewsets
from rest_framework.response import Response

from core.api import call_service
from core.uploads import refused_messages
from practices.permissions import visible_to as practices_visible_to

from . import permissions, services
from .models import SourceDocument


class SourceDocumentSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="document-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    practices = serializers.SerializerMethodField(help_text="Ids of the practices from this document that you may see.")
    result = serializers.SerializerMethodField(help_text="The import report, for the uploading organisation only.")

    class Meta:
        model = SourceDocument
        fields = ["id", "url", "display", "original_name", "sha256", "size", "status", "error", "encoding",
                  "pages", "result", "is_public", "created_at", "practices"]
        read_only_fields = fields

    def _user(self):
        return self.context["request"].user

    def get_practices(self, document) -> list[int]:
        return list(practices_visible_to(self._user(), document.practices.all()).values_list("pk", flat=True))

    def get_result(self, document) -> dict:
        # The report names every practice created, drafts included: only the uploader's side may read it.
        return document.result if permissions.is_own(self._user(), document) else {}


class UploadSerializer(serializers.Serializer):
    file = serializers.FileField()


class SourceDocumentViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SourceDocumentSerializer
    parser_classes = [parsers.MultiPartParser, parsers.FormParser]
    filterset_fields = ["status"]

    def get_queryset(self):
        return permissions.visible_to(self.request.user, SourceDocument.objects.prefetch_related("practices"))

    @extend_schema(
        request={"multipart/form-data": UploadSerializer},
        responses={202: inline_serializer("ImportStarted", {
            "job": serializers.IntegerField(), "job_url": serializers.URLField(),
            "status": serializers.CharField(), "files": serializers.ListField(),
        })},
    )
    def create(self, request, *args, **kwargs):
        """Upload a compendium document; its practices are imported as drafts by a background job."""
        request.data  # noqa: B018 - parse the body first: the upload handlers note what they refused
        refused = refused_messages(request)
        if refused:
            raise serializers.ValidationError({"file": refused})
        payload = UploadSerializer(data=request.data)
        payload.is_valid(raise_exception=True)
        upload = payload.validated_data["file"]
        job = call_service(services.start_import, actor=request.user, files=[(upload.name, upload)])
        job.refresh_from_db()
        files = job.result.get("files") if job.is_finished else job.params.get("reports", [])
        job_url = request.build_absolute_uri(reverse("job-detail", args=[job.pk]))
        return Response(
            {"job": job.pk, "job_url": job_url, "status": job.status, "files": files}, status=status.HTTP_202_ACCEPTED
        )
