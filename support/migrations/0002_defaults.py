"""The desk's starting rows: allowed moves, reasons, service-level targets and the working calendar."""

from django.db import migrations


def load(apps, schema_editor):
    from support import defaults

    Transition = apps.get_model("support", "Transition")
    Reason = apps.get_model("support", "Reason")
    ServiceTarget = apps.get_model("support", "ServiceTarget")
    Calendar = apps.get_model("support", "Calendar")
    for position, (source, target, movers, reason_kind) in enumerate(defaults.TRANSITIONS):
        Transition.objects.get_or_create(
            from_stage=source, to_stage=target,
            defaults={"movers": list(movers), "reason_kind": reason_kind, "position": position})
    for kind, rows in defaults.REASONS.items():
        for position, (code, label_en, label_ar) in enumerate(rows):
            Reason.objects.get_or_create(kind=kind, code=code,
                                         defaults={"label_en": label_en, "label_ar": label_ar, "position": position})
    for priority, clock, days in defaults.TARGETS:
        ServiceTarget.objects.get_or_create(request_type="", priority=priority, clock=clock, defaults={"days": days})
    if not Calendar.objects.exists():
        Calendar.objects.create(name="Iraq", working_days=[6, 0, 1, 2, 3])


class Migration(migrations.Migration):
    dependencies = [("support", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
