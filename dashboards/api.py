"""The open-data API: `/api/v1/open-data/` names the package's tables with their fields, and
`/api/v1/open-data/<table>/` gives a table's rows, page by page — the same rows and column names as the CSV file
of the package (`dashboards.opendata.TABLES`; an empty CSV cell is null here). For everyone: only what an anonymous
reader may see is in them."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.pagination import PageNumberPagination
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from rest_framework.views import APIView

from . import opendata

FIELD = inline_serializer("OpenDataField", fields={
    "name": serializers.CharField(),
    "type": serializers.CharField(help_text="The Frictionless type: string, integer, boolean, date."),
    "description": serializers.CharField(),
    "description_ar": serializers.CharField(),
})
TABLE = inline_serializer("OpenDataTable", fields={
    "name": serializers.CharField(),
    "title": serializers.CharField(),
    "title_ar": serializers.CharField(),
    "description": serializers.CharField(),
    "description_ar": serializers.CharField(),
    "primary_key": serializers.ListField(child=serializers.CharField()),
    "url": serializers.CharField(help_text="Where its rows are."),
    "fields": FIELD.__class__(many=True),
})


class RowsPagination(PageNumberPagination):
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class OpenDataTablesView(APIView):
    """The open-data package's tables and their fields, in English and Arabic."""

    permission_classes = [AllowAny]

    @extend_schema(operation_id="open_data_tables", responses=inline_serializer("OpenDataTables", fields={"tables": TABLE.__class__(many=True)}))
    def get(self, request, format=None):
        tables = [{"name": t.name, "title": t.title_en, "title_ar": t.title_ar, "description": t.en,
                   "description_ar": t.ar, "primary_key": list(t.primary_key),
                   "url": request.build_absolute_uri(f"{request.path}{t.name}/"),
                   "fields": [f.descriptor() for f in t.fields]} for t in opendata.TABLES]
        return Response({"tables": tables})


class OpenDataRowsView(APIView):
    """One table's rows, as in its CSV file (column names as keys; null for an empty cell), page by page."""

    permission_classes = [AllowAny]
    pagination_class = RowsPagination

    @extend_schema(
        operation_id="open_data_rows",
        parameters=[OpenApiParameter("page", int, description="Page number."),
                    OpenApiParameter("page_size", int, description="Rows per page (at most 1000; 100 by default).")],
        responses=inline_serializer("OpenDataRows", fields={
            "count": serializers.IntegerField(),
            "next": serializers.CharField(allow_null=True),
            "previous": serializers.CharField(allow_null=True),
            "results": serializers.ListField(child=serializers.DictField(),
                                             help_text="Rows: {column: value} as in the table's CSV file."),
        }))
    def get(self, request, table: str, format=None):
        found = opendata.TABLES_BY_NAME.get(table)
        if found is None:
            raise NotFound(f"No open-data table named {table!r}.")
        paginator = self.pagination_class()
        page = paginator.paginate_queryset(found.sequence(opendata.Extract()), request, view=self)
        columns = found.columns
        rows = [{c: opendata.json_value(v) for c, v in zip(columns, row, strict=True)} for row in page]
        return paginator.get_paginated_response(rows)
