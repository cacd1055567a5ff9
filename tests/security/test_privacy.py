"""Promise 7 (no profiling of individuals), as figures for docs/security.md: every model checked for
person-identifying fields, the minimum cell size of published aggregates, and the retention rules. The
behaviour itself is tested in core/tests/test_privacy.py and core/tests/test_retention.py."""


from django.apps import apps

from core.privacy import PEOPLE_MODELS, min_cell_size, person_identifying_fields, suppress_small
from core.retention import RULES

from .client import report_figures


def test_privacy_figures():
    models = apps.get_models()
    community = [m for m in models if m._meta.label_lower not in PEOPLE_MODELS]
    offending = {m._meta.label_lower: person_identifying_fields(m) for m in community if person_identifying_fields(m)}
    probe = suppress_small({"a": min_cell_size() - 1, "b": 50, "c": 60})
    figures = {
        "models_checked": len(community),
        "people_models": sorted(PEOPLE_MODELS & {m._meta.label_lower for m in models}),
        "person_fields_on_community_models": sum(len(v) for v in offending.values()),
        "min_cell_size": min_cell_size(),
        "suppression_probe_hidden": sum(v is None for v in probe.values()),
        "retention_rules": [{"name": r.name, "model": r.model, "days": r.days(),
                             "action": "blank " + ", ".join(r.blank) if r.blank else "delete"} for r in RULES],
    }
    report_figures("privacy", figures)
    assert offending == {}
    assert figures["suppression_probe_hidden"] == 2
