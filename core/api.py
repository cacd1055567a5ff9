"""API for background jobs: a client that started an import follows it here."""

from rest_framework import permissions, serializers, viewsets

from documents.permissions import jobs_visible_to

from .models import Job


class JobSerializer(serializers.HyperlinkedModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="job-detail")
    display = serializers.CharField(source="__str__", read_only=True)
    percent = serializers.IntegerField(read_only=True)

    class Meta:
        model = Job
        fields = ["id", "url", "display", "kind", "status", "progress", "total", "percent", "message", "result",
                  "error", "created_at", "started_at", "finished_at"]
        read_only_fields = fields


class JobViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = JobSerializer
    permission_classes = [permissions.IsAuthenticated]

    def get_queryset(self):
        return jobs_visible_to(self.request.user, Job.objects.all())
