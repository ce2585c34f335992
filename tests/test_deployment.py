"""The compose file is the production-like stack README describes (issue 19): every service has
a health check and a restart policy, migrations are one step that web, worker and beat wait for,
files go to the S3-compatible service, beat keeps its schedule on a volume, and no image is a
Redis release under a non-open-source licence."""

from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
COMPOSE = yaml.safe_load((ROOT / "docker-compose.yml").read_text(encoding="utf-8"))
SERVICES = COMPOSE["services"]


def test_every_service_of_the_stack_is_there():
    assert {"db", "redis", "minio", "mailpit", "migrate", "web", "worker", "beat"} <= set(SERVICES)


def test_every_long_running_service_restarts_and_has_a_health_check():
    for name, service in SERVICES.items():
        if name == "migrate":
            assert service["restart"] == "no"  # a one-off step: a failure stops the start-up
            continue
        assert service.get("restart") == "unless-stopped", name
        assert service.get("healthcheck", {}).get("test"), name


def test_migrations_are_one_step_that_the_app_waits_for():
    assert "manage.py migrate --noinput" in " ".join(SERVICES["migrate"]["command"])
    assert "ensure_bucket" in " ".join(SERVICES["migrate"]["command"])
    for name in ("web", "worker", "beat"):
        assert SERVICES[name]["depends_on"]["migrate"] == {"condition": "service_completed_successfully"}, name
        assert "migrate" not in " ".join(SERVICES[name].get("command", [])), name
    assert SERVICES["migrate"]["depends_on"]["db"] == {"condition": "service_healthy"}
    assert SERVICES["migrate"]["depends_on"]["minio"] == {"condition": "service_healthy"}


def test_files_live_in_the_s3_service_not_on_a_shared_volume():
    environment = SERVICES["web"]["environment"]
    assert environment["S3_BUCKET"] and environment["S3_ENDPOINT_URL"] == "http://minio:9000"
    for name in ("web", "worker"):
        assert SERVICES[name]["environment"] is environment, name  # one anchor, the same settings
        assert not any("media" in volume for volume in SERVICES[name].get("volumes", [])), name


def test_one_beat_with_its_schedule_on_a_volume():
    command = SERVICES["beat"]["command"]
    schedule = command[command.index("--schedule") + 1]
    assert any(schedule.startswith(volume.split(":", 1)[1]) for volume in SERVICES["beat"]["volumes"])
    assert "deploy" not in SERVICES["beat"]  # no replicas setting: exactly one beat


def test_the_broker_image_is_open_source():
    assert SERVICES["redis"]["image"].startswith("valkey/valkey:")
    assert not any(service.get("image", "").startswith("redis:") for service in SERVICES.values())
