"""Additions to the generated OpenAPI schema."""

ERROR_SCHEMA = {
    "type": "object",
    "description": "Eine Fehlermeldung auf Deutsch.",
    "properties": {"detail": {"type": "string"}},
    "additionalProperties": True,
}
ERRORS = {
    "400": "Ungültiger Filterwert (z. B. modified_since nicht im Format ISO 8601); die "
    "Antwort nennt je Parameter die Fehler.",
    "404": "Nicht gefunden (auch: nicht veröffentlicht oder nicht öffentlich) oder ungültige "
    "Seite.",
    "429": "Zu viele Anfragen in kurzer Zeit; der Header Retry-After nennt die Sekunden.",
}


def document_error_responses(result, generator, request, public):
    """Every operation can answer 404 (unknown object or page) and 429 (rate limit); lists
    also 400 (a filter's value): documented, so clients -- and schemathesis -- know them."""
    for path, path_item in result.get("paths", {}).items():
        for operation in path_item.values():
            responses = operation.setdefault("responses", {})
            for status, description in ERRORS.items():
                if status == "400" and "{" in path:
                    continue
                responses.setdefault(
                    status,
                    {
                        "description": description,
                        "content": {"application/json": {"schema": ERROR_SCHEMA}},
                    },
                )
    return result
