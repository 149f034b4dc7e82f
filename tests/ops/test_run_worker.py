"""The task worker outlives database outages instead of exiting (and leaving the queue stuck)."""

from unittest import mock

import pytest
from django.core.management import call_command
from django.db import OperationalError

from cadre_site.management.commands import run_worker

pytestmark = pytest.mark.django_db


def test_worker_starts_again_after_losing_the_database_and_stops_when_asked():
    outcomes = [OperationalError("the database system is shutting down"), None]

    def fake_db_worker(name, **options):
        assert name == "db_worker"
        outcome = outcomes.pop(0)
        if outcome:
            raise outcome

    with (
        mock.patch.object(run_worker, "call_command", side_effect=fake_db_worker) as db_worker,
        mock.patch.object(run_worker.time, "sleep"),
    ):
        call_command("run_worker")
    assert db_worker.call_count == 2  # the second run ended gracefully: no third start
    assert outcomes == []


def test_waiting_for_the_database_retries_until_it_answers():
    attempts = {"n": 0}
    real = run_worker.connection.ensure_connection

    def flaky():
        attempts["n"] += 1
        if attempts["n"] < 3:
            raise OperationalError("connection refused")
        real()

    sleeps = []
    with mock.patch.object(run_worker.connection, "ensure_connection", side_effect=flaky):
        failures = run_worker.wait_for_database(pause=0.5, sleep=sleeps.append)
    assert failures == 2
    assert sleeps == [0.5, 0.5]
