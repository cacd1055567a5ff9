"""API for search: GET /api/v1/search/?q=… — the same ranking, visibility and facets as the search page."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.response import Response
from rest_framework.views import APIView

from . import engine


class SearchQuerySerializer(serializers.Serializer):
    q = serializers.CharField(required=False, allow_blank=True, default="", trim_whitespace=False)
    mode = serializers.ChoiceField(choices=engine.MODES, required=False, default="hybrid")
    limit = serializers.IntegerField(required=False, default=20, min_value=1, max_value=100)
    offset = serializers.IntegerField(required=False, default=0, min_value=0, max_value=10000)


class HitSerializer(serializers.Serializer):
    kind = serializers.CharField()
    id = serializers.IntegerField(source="object_id")
    url = serializers.SerializerMethodField()
    title = serializers.CharField()
    title_html = serializers.CharField(help_text="The title, HTML-escaped, with matched words in <mark>.")
    snippet_html = serializers.CharField(help_text="An extract, HTML-escaped, with matched words in <mark>.")
    lang = serializers.CharField()
    score = serializers.FloatField()

    def get_url(self, hit) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(hit.url) if request else hit.url


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class SearchResultSerializer(serializers.Serializer):
    query = serializers.CharField(help_text="The query as used: control characters removed, cut at 500 characters.")
    mode = serializers.CharField()
    total = serializers.IntegerField(help_text="Results the caller may see, after facet filters.")
    messages = serializers.ListField(child=serializers.CharField(), help_text="Notes for the reader: empty query, query cut, nothing found.")
    results = HitSerializer(many=True)
    facets = serializers.DictField(child=FacetValueSerializer(many=True),
                                   help_text="Per facet (type, country, goal, beneficiaries, organisation_type, language, period): values with counts.")


class SearchView(APIView):
    """Search everything the caller may see, in Arabic or English (anonymous callers: published records)."""

    @extend_schema(
        parameters=[
            OpenApiParameter("q", OpenApiTypes.STR, description="Words in Arabic or English (up to 500 characters are used)."),
            OpenApiParameter("mode", OpenApiTypes.STR, enum=list(engine.MODES), description="Ranking: hybrid (default), keyword or semantic."),
            OpenApiParameter("limit", OpenApiTypes.INT, description="Results per page (1–100, default 20)."),
            OpenApiParameter("offset", OpenApiTypes.INT, description="Results to skip."),
            *[OpenApiParameter(name, OpenApiTypes.STR, many=True, description=f"Keep results with this {name} facet value.")
              for name in engine.FACETS],
        ],
        responses={200: SearchResultSerializer},
    )
    def get(self, request, format=None):  # noqa: A002 - DRF's name for the format suffix
        query = request.query_params.copy()
        query["q"] = query.get("q", "").replace("\x00", " ")  # the engine cleans the rest; no null byte to refuse
        params = SearchQuerySerializer(data=query)
        params.is_valid(raise_exception=True)
        data = params.validated_data
        filters = {name: request.query_params.getlist(name)[:20] for name in engine.FACETS if request.query_params.getlist(name)}
        results = engine.search(request.user, data["q"], filters=filters, mode=data["mode"], offset=data["offset"],
                                limit=data["limit"])
        return Response({
            "query": results.query,
            "mode": results.mode,
            "total": results.total,
            "messages": results.messages,
            "results": HitSerializer(results.hits, many=True, context={"request": request}).data,
            "facets": {name: [vars(v) | {"label": str(v.label)} for v in values] for name, values in results.facets.items()},
        })
