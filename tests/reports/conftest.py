import pytest

from klimaportal.celery import app as celery_app


@pytest.fixture
def eager_celery():
    """Tasks run in this process, whatever CELERY_BROKER_URL says."""
    keys = ("task_always_eager", "task_eager_propagates")
    previous = {key: celery_app.conf[key] for key in keys}
    # Not propagating lets eager retries (autoretry_for) run as they would on a worker.
    celery_app.conf.update(task_always_eager=True, task_eager_propagates=False)
    yield
    celery_app.conf.update(previous)


@pytest.fixture
def celery_on_redis(real_celery):
    """Tasks go through the Redis broker (for tests with a real worker)."""
    return real_celery
