"""No Docker engine runs here, so the production shape is checked for consistency instead."""

import json
import re
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[2]


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def settings_env_names() -> set[str]:
    source = (ROOT / "klimaportal" / "settings.py").read_text()
    names = set(re.findall(r'env(?:_bool|_list|_int)?\("([A-Z_]+)"', source))
    names |= set(re.findall(r'os\.environ\.get\(\s*"([A-Z_]+)"', source))
    names.add("DATABASE_URL")  # read by dj_database_url.config()
    return names


def test_production_services_exist():
    services = compose()["services"]
    assert {"postgres", "redis", "web", "worker", "beat"} <= set(services)
    assert "gunicorn" in " ".join(services["web"]["command"])
    assert "klimaportal.wsgi" in " ".join(services["web"]["command"])
    assert services["worker"]["command"][:4] == ["celery", "-A", "klimaportal", "worker"]
    assert services["beat"]["command"][:4] == ["celery", "-A", "klimaportal", "beat"]


def test_app_services_point_at_the_compose_services():
    services = compose()["services"]
    for name in ("web", "worker", "beat"):
        env = services[name]["environment"]
        assert env["DATABASE_URL"].startswith("postgres://")
        assert "@postgres:5432/" in env["DATABASE_URL"]
        assert env["CELERY_BROKER_URL"].startswith("redis://redis:6379/")
        assert env["CACHE_URL"].startswith("redis://redis:6379/")
        assert env["DEBUG"] in ("0", 0, False)
        assert "SECRET_KEY" in env
        # The header prescribes a reverse proxy; without this every visitor shares one limit.
        assert env["TRUSTED_PROXY_COUNT"] == "${TRUSTED_PROXY_COUNT:-1}"
        assert set(env) <= settings_env_names(), set(env) - settings_env_names()
        depends = services[name]["depends_on"]
        assert {"postgres", "redis"} <= set(depends)


def test_postgres_credentials_match_database_url():
    services = compose()["services"]
    pg = services["postgres"]["environment"]
    url = services["web"]["environment"]["DATABASE_URL"]
    match = re.match(r"postgres://([^:]+):([^@]+)@postgres:5432/(\w+)", url)
    assert match, url
    user, password, db = match.groups()
    assert pg["POSTGRES_USER"] == user
    assert pg["POSTGRES_DB"] == db
    assert pg["POSTGRES_PASSWORD"] == password


def test_dockerfile_builds_the_project():
    dockerfile = (ROOT / "Dockerfile").read_text()
    assert "pip install" in dockerfile
    assert "compilemessages" in dockerfile
    assert "collectstatic" in dockerfile


def test_dockerfile_and_compose_start_the_web_process_the_same_way():
    dockerfile = (ROOT / "Dockerfile").read_text()
    cmd = next(line for line in dockerfile.splitlines() if line.startswith("CMD "))
    assert json.loads(cmd.removeprefix("CMD ")) == compose()["services"]["web"]["command"]
