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
