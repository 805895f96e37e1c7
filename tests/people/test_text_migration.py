"""Rows written before the text limits are brought within them by the migrations."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("people", "0002_dpo_permissions"), ("rights", "0002_dpo_permissions")]
AFTER = [("people", "0003_text_limits"), ("rights", "0003_text_limits")]


def migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


def test_older_rows_lose_hidden_characters_and_overlong_text():
    old = migrate(BEFORE)
    try:
        person = old.get_model("people", "Person").objects.create(
            full_name="Eve\u202e\r\nevil",
            email="eve@example.org",
            laboratory="Lab\x1b[31m",
            address="1 rue\r\nÉvry\u2066" + "x" * 2_000_000,
        )
        request = old.get_model("rights", "DataSubjectRequest").objects.create(
            kind="other",
            full_name="Mallory\u2028Bcc: x",
            email="m@example.org",
            message="Hello\r\n\x07" + "y" * 6000,
            due_at="2030-01-01T00:00:00Z",
        )
        new = migrate(AFTER)
        person = new.get_model("people", "Person").objects.get(pk=person.pk)
        assert person.full_name == "Eve  evil"
        assert person.laboratory == "Lab [31m"
        assert person.address == ("1 rue\r\nÉvry" + "x" * 2_000_000)[:500]
        request = new.get_model("rights", "DataSubjectRequest").objects.get(
            pk=request.pk
        )
        assert request.full_name == "Mallory Bcc: x"
        assert request.message == ("Hello\r\n " + "y" * 6000)[:5000]
    finally:
        migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
