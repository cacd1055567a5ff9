"""Moving every reference from one row to another row of the same model: what merging a proposal into an
accepted record does (docs/decisions/0006-proposals.md).

Not a service: the merge services (`accounts.services.merge_organisation`, `frameworks.services.merge_goal`)
check permission, hold the transaction and leave the audit entry; they call this inside it. It knows no app: it
walks the model's reverse relations, so a table added later that points at organisations or goals is moved too.
"""

from __future__ import annotations

from django.db import IntegrityError, transaction


def _rows(rel, old):
    """(model, field name, queryset of the rows that point at `old`) for one reverse relation."""
    if rel.many_to_many:
        through = rel.through
        name = rel.field.m2m_reverse_field_name()
        return through, name, through._base_manager.filter(**{name: old})
    name = rel.field.name
    return rel.related_model, name, rel.related_model._base_manager.filter(**{name: old})


def move_references(old, new, skip: tuple[str, ...] = ()) -> dict[str, int]:
    """Point every row that references `old` at `new`; returns {"<model>.<field>": rows moved}.

    A row that cannot move because `new` already holds the same link (a unique constraint) is deleted: the
    record keeps its link, to `new`. `skip` names reverse accessors the caller moves itself."""
    moved: dict[str, int] = {}
    for rel in old._meta.related_objects:
        if rel.get_accessor_name() in skip or not (rel.one_to_many or rel.one_to_one or rel.many_to_many):
            continue
        model, name, rows = _rows(rel, old)
        count = 0
        for pk in list(rows.values_list("pk", flat=True)):
            try:
                with transaction.atomic():
                    model._base_manager.filter(pk=pk).update(**{name: new})
                count += 1
            except IntegrityError:
                model._base_manager.filter(pk=pk).delete()
        if count:
            moved[f"{model._meta.label_lower}.{name}"] = count
    return moved
