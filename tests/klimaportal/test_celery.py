"""Celery: eager without a broker, and a real worker on the Redis broker."""

import uuid

import pytest

from core.tasks import ping
from klimaportal.celery import app as celery_app


def test_reliability_defaults_for_long_jobs():
    conf = celery_app.conf
    assert conf.task_acks_late is True
    assert conf.task_reject_on_worker_lost is True
    assert conf.worker_prefetch_multiplier == 1
    assert conf.task_soft_time_limit < conf.task_time_limit
    assert conf.task_time_limit < conf.broker_transport_options["visibility_timeout"]


@pytest.mark.celery_worker
def test_real_worker_runs_a_task_end_to_end(real_celery):
    from celery.contrib.testing.worker import start_worker

    with start_worker(celery_app, pool="solo", perform_ping_check=False, loglevel="WARNING"):
        token = uuid.uuid4().hex
        result = ping.delay(token)
        assert result.get(timeout=30) == f"pong:{token}"
        # Executed by the worker, not in this process: the result came through Redis.
        assert result.backend.__class__.__name__ == "RedisBackend"
