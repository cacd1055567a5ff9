"""Core knows no domain app: apps register their audit labels, their administrator rule and retention rules."""

import ast
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.choices import Role
from core import audit_labels, retention
from core.models import AuditEntry, Job
from core.permissions import jobs_visible_to
from tests.factories import make_user

pytestmark = pytest.mark.django_db


def _literal_label_keys(path: Path) -> set[str]:
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Dict):
            return {key.value for key in node.keys if isinstance(key, ast.Constant)}
    return set()


def test_core_labels_only_its_own_actions_and_apps_register_theirs():
    assert _literal_label_keys(Path(audit_labels.__file__)) == {"retention.purge", "access.denied", "access.withheld", "access.refused"}
    assert AuditEntry(action="plan.approve").action_label == "approved"  # plans/apps.py
    assert AuditEntry(action="login.failed").action_label == "failed login"  # accounts/apps.py
    assert AuditEntry(action="network_membership.add").action_label == "network membership added"
    assert AuditEntry(action="access.denied").action_label == "access denied"
    assert AuditEntry(action="nobody.labelled").action_label == "nobody.labelled"


def test_accounts_registers_its_retention_rule():
    rules = {rule.name: rule for rule in retention.RULES}
    assert rules["login_failures"].model == "accounts.LoginFailure" and rules["login_failures"].days() == 30
    assert "accounts" not in Path(retention.__file__).read_text(encoding="utf-8")


def test_administrators_see_every_job_through_the_rule_accounts_registers():
    admin = make_user(role=Role.ADMINISTRATOR)
    starter, other = make_user(), make_user()
    mine = Job.objects.create(kind="k", created_by=starter)
    theirs = Job.objects.create(kind="k", created_by=other)
    assert set(jobs_visible_to(admin, Job.objects.all())) == {mine, theirs}
    assert list(jobs_visible_to(starter, Job.objects.all())) == [mine]
    assert not jobs_visible_to(AnonymousUser(), Job.objects.all()).exists()
