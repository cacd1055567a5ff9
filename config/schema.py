"""OpenAPI schema hooks."""

# Integer bounds that come from the database backend's column sizes (SQLite reports 64-bit limits,
# PostgreSQL 16/32-bit ones). The committed schema must not depend on the database, so they are dropped.
_BACKEND_LIMITS = {32767, -32768, 2147483647, -2147483648, 9223372036854775807, -9223372036854775808}


def drop_backend_integer_limits(result, generator, request, public):
    def walk(node):
        if isinstance(node, dict):
            if node.get("type") == "integer":
                for key in ("maximum", "minimum"):
                    if node.get(key) in _BACKEND_LIMITS:
                        del node[key]
                if node.get("format") == "int64":
                    del node["format"]
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(result)
    return result


# The answers every operation may give besides its success, with DRF's error body. drf-spectacular documents
# only what a view declares; without this the schema hid the API's real 400/401/403/404 answers.
_ERRORS = {
    "400": "The input is not valid: the body names each field and its problem.",
    "401": "Not authenticated: send a session cookie or `Authorization: Token <key>`.",
    "403": "Authenticated, but not allowed to do this.",
    "404": "No such record, or you may not see it (the same answer, so that existence is not revealed).",
}
_ERROR_SCHEMA = {
    "description": "DRF's error body: `{\"detail\": …}`, messages per field, or a list of messages.",
    "oneOf": [
        {"type": "object", "additionalProperties": True},
        {"type": "array", "items": {"type": "string"}},
    ],
}


def document_error_responses(result, generator, request, public):
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = _ERROR_SCHEMA
    for path_item in result.get("paths", {}).values():
        for method, operation in path_item.items():
            if method not in {"get", "post", "put", "patch", "delete"}:
                continue
            responses = operation.setdefault("responses", {})
            for code, description in _ERRORS.items():
                if code == "400" and method == "delete":
                    continue
                responses.setdefault(code, {
                    "description": description,
                    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
                })
    return result
