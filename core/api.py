"""API plumbing shared by every app, and the API for background jobs (a client follows its import here)."""

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import exceptions, permissions, serializers, viewsets

from . import jobs
from .models import Job
from .permissions import jobs_visible_to


def call_service(func, **kwargs):
    """Run a service and turn its Django exceptions into API errors (400/403), never a 500."""
    try:
        return func(**kwargs)
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc)) from exc
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else exc.messages
        raise exceptions.ValidationError(detail) from exc


class JobSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="job-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    percent = serializers.IntegerField(read_only=True)
    queue_position = serializers.SerializerMethodField(
        help_text="1 when a queued job is next, 2 when one job is queued before it…; 0 once it runs.")
    note = serializers.SerializerMethodField(
        help_text="What the job is doing in words, in the request's language: when a queued job will start, a "
                  "running job's progress message; empty once finished.")

    class Meta:
        model = Job
        fields = ["id", "url", "display", "kind", "status", "progress", "total", "percent", "message", "note",
                  "queue_position", "result", "error", "created_at", "started_at", "finished_at"]
        read_only_fields = fields


    def get_queue_position(self, job) -> int:
        return jobs.queue_position(job)

    def get_note(self, job) -> str:
        return jobs.note(job)


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = JobSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return jobs_visible_to(self.request.user, Job.objects.all())
