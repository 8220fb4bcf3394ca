"""Deployment files and the settings' refusal to start in production on development defaults.

Docker does not run where the tests run, so the Dockerfile and docker-compose.yml are checked by
parsing them; the settings are checked by starting Django in a subprocess with a controlled
environment.
"""

import json
import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]

# How newsroom/settings.py reads a variable: env("X"), env.<type>("X"), required_unless_debug("X"),
# "X" in env.ENVIRON, env.ENVIRON["X"], os.environ / os.getenv.
SETTINGS_READ = re.compile(
    r"""\benv(?:\.\w+)?\(\s*["'](?P<env>\w+)["']"""
    r"""|\brequired_unless_debug\(\s*["'](?P<required>\w+)["']"""
    r"""|["'](?P<contains>\w+)["']\s+in\s+(?:env\.ENVIRON|os\.environ)\b"""
    r"""|(?:env\.ENVIRON|os\.environ)\[\s*["'](?P<item>\w+)["']"""
    r"""|\bos\.(?:environ\.get|getenv)\(\s*["'](?P<os>\w+)["']"""
)
ENV_ASSIGNMENT = re.compile(r"^(?P<comment>#\s*)?(?P<name>[A-Z][A-Z0-9_]*)=(?P<value>.*)$")
COMPOSE_INTERPOLATION = re.compile(r"(?<!\$)\$\{(\w+)")
REQUIRED_IN_PRODUCTION = ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL"]
PRODUCTION = {
    "SECRET_KEY": "tests-only-not-a-secret",
    "ALLOWED_HOSTS": "news.hospital.example",
    "DATABASE_URL": "sqlite:///never-opened.sqlite3",
}


def settings_variables():
    source = (ROOT / "newsroom" / "settings.py").read_text()
    return {name for match in SETTINGS_READ.finditer(source) for name in match.groups() if name}


def env_example_lines():
    return (ROOT / ".env.example").read_text().splitlines()


def env_example():
    """{name: (value, active)}: a commented-out assignment documents an optional variable."""
    documented = {}
    for line in env_example_lines():
        if match := ENV_ASSIGNMENT.match(line):
            documented[match["name"]] = (match["value"], not match["comment"])
    return documented


def compose():
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def service(name):
    return compose()["services"][name]


def as_list(value):
    return [value] if isinstance(value, str | dict) else list(value or [])


def as_command(value):
    return value if isinstance(value, str) else " ".join(value)


def as_mapping(environment):
    if isinstance(environment, dict):
        return {name: str(value) for name, value in environment.items()}
    return dict(item.split("=", 1) for item in environment or [])


def named_volume_mounts(definition):
    """{volume: target} for the service's mounts of named volumes (not host paths)."""
    mounts = {}
    for volume in as_list(definition.get("volumes")):
        if isinstance(volume, dict):
            source, target = volume.get("source"), volume.get("target")
        else:
            source, _, rest = volume.partition(":")
            target = rest.split(":")[0]
        if source and not source.startswith((".", "/", "~", "$")):
            mounts[source] = target
    return mounts


def container_ports(definition):
    ports = set()
    for port in as_list(definition.get("ports")):
        if isinstance(port, dict):
            ports.add(int(port["target"]))
        else:
            ports.add(int(str(port).split("/")[0].rsplit(":", 1)[-1]))
    return ports


def healthcheck(definition):
    test = definition["healthcheck"]["test"]
    return test if isinstance(test, list) else ["CMD-SHELL", test]


def dockerfile_instructions():
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments skipped."""
    instructions, pending = [], ""
    for line in (ROOT / "Dockerfile").read_text().splitlines():
        if not pending and (not line.strip() or line.lstrip().startswith("#")):
            continue
        pending += line.rstrip()
        if pending.endswith("\\"):
            pending = pending[:-1] + " "
            continue
        keyword, _, arguments = pending.strip().partition(" ")
        instructions.append((keyword.upper(), arguments.strip()))
        pending = ""
    return instructions


def dockerfile(keyword):
    return [
        arguments for instruction, arguments in dockerfile_instructions() if instruction == keyword
    ]


def exec_form(arguments):
    return json.loads(arguments) if arguments.startswith("[") else shlex.split(arguments)


def start_django(*, code="import django; django.setup()", **variables):
    """Run `code` under newsroom.settings with exactly these variables, plus PATH and HOME."""
    environment = {name: os.environ[name] for name in ("PATH", "HOME") if name in os.environ}
    environment |= {"DJANGO_SETTINGS_MODULE": "newsroom.settings", **variables}
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def error_line(result):
    return result.stderr.strip().splitlines()[-1]


# --- The documented environment ----------------------------------------------------------------


def test_settings_variables_are_discovered():
    # Guards the regular expression: if it stopped matching, the next test would pass vacuously.
    assert {*REQUIRED_IN_PRODUCTION, "DEBUG", "REDIS_URL", "MEDIA_ROOT"} <= settings_variables()


def test_every_variable_settings_read_is_in_env_example():
    assert settings_variables() - env_example().keys() == set()


def test_every_variable_compose_interpolates_is_in_env_example():
    interpolated = set(COMPOSE_INTERPOLATION.findall((ROOT / "docker-compose.yml").read_text()))
    assert {"POSTGRES_DB", "POSTGRES_USER", "POSTGRES_PASSWORD"} <= interpolated
    assert interpolated - env_example().keys() == set()


def test_every_variable_in_env_example_has_a_comment_above_it():
    lines = env_example_lines()
    for number, line in enumerate(lines):
        if ENV_ASSIGNMENT.match(line):
            above = lines[number - 1] if number else ""
            assert above.startswith("#") and not ENV_ASSIGNMENT.match(above), line


def test_env_example_points_the_database_at_the_compose_service():
    documented = env_example()
    database_url, active = documented["DATABASE_URL"]
    assert active
    assert re.match(r"postgres(ql)?://[^@]+@db(:5432)?/", database_url)
    assert documented["DEBUG"] == ("false", True)


def test_env_example_is_a_valid_production_configuration():
    variables = {name: value for name, (value, active) in env_example().items() if active}
    variables["SECRET_KEY"] = variables["SECRET_KEY"] or PRODUCTION["SECRET_KEY"]
    code = (
        "import django, json; django.setup(); from django.conf import settings; "
        "print(json.dumps([settings.DEBUG, settings.DATABASES['default']]))"
    )
    result = start_django(code=code, **variables)
    assert result.returncode == 0, result.stderr
    debug, database = json.loads(result.stdout)
    assert debug is False
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert database["HOST"] == "db"
    assert database["NAME"] == variables["POSTGRES_DB"]
    assert database["USER"] == variables["POSTGRES_USER"]


# --- docker-compose.yml ------------------------------------------------------------------------


def test_compose_has_the_database_and_the_web_application():
    assert {"db", "web"} <= compose()["services"].keys()


def test_database_is_postgres_16_on_a_named_volume():
    db = service("db")
    assert db["image"].startswith("postgres:16")
    mounts = named_volume_mounts(db)
    assert mounts.get("pgdata") == "/var/lib/postgresql/data"
    assert "pgdata" in compose()["volumes"]


def test_database_healthcheck_uses_pg_isready():
    test = healthcheck(service("db"))
    assert test[0] in {"CMD", "CMD-SHELL"}
    assert "pg_isready" in " ".join(test[1:])


def test_web_waits_for_a_healthy_database():
    assert service("web")["depends_on"]["db"]["condition"] == "service_healthy"


def test_compose_ships_a_capped_redis_the_web_service_uses():
    redis = service("redis")
    assert redis["image"].startswith("redis:")
    command = as_command(redis["command"])
    assert "--maxmemory 256mb" in command and "--maxmemory-policy allkeys-lru" in command
    assert "redis-cli" in " ".join(healthcheck(redis))
    assert as_mapping(service("web")["environment"])["REDIS_URL"].endswith("redis://redis:6379/0}")
    assert service("web")["depends_on"]["redis"]["condition"] == "service_healthy"


def test_web_reads_the_env_file():
    env_files = [
        entry if isinstance(entry, str) else entry["path"]
        for entry in as_list(service("web")["env_file"])
    ]
    assert ".env" in env_files


def test_web_migrates_before_starting_gunicorn():
    command = as_command(service("web")["command"])
    assert "manage.py migrate --noinput" in command
    assert "gunicorn newsroom.wsgi" in command
    assert command.index("migrate") < command.index("gunicorn")
    # A failed migration must stop the start, not be followed by gunicorn.
    assert "&&" in command[command.index("migrate") : command.index("gunicorn")]


def test_web_serves_on_port_8000():
    web = service("web")
    assert 8000 in container_ports(web)
    assert "0.0.0.0:8000" in as_command(web["command"])


def test_web_keeps_uploads_on_a_named_volume_at_media_root():
    web = service("web")
    media_root = as_mapping(web.get("environment"))["MEDIA_ROOT"]
    volumes = [name for name, target in named_volume_mounts(web).items() if target == media_root]
    assert volumes
    assert set(volumes) <= compose()["volumes"].keys()


def test_web_static_root_is_where_the_image_collected_static_files():
    image_env = " ".join(dockerfile("ENV"))
    static_root = as_mapping(service("web").get("environment"))["STATIC_ROOT"]
    assert f"STATIC_ROOT={static_root}" in image_env


def test_web_healthcheck_requests_healthz_with_valid_python():
    test = healthcheck(service("web"))
    assert test[:3] == ["CMD", "python", "-c"]
    assert "/healthz" in test[3]
    compile(test[3], "healthcheck", "exec")


# --- Dockerfile --------------------------------------------------------------------------------


def test_image_is_python_311_slim():
    assert dockerfile("FROM") == ["python:3.11-slim"]


def test_image_installs_the_project_without_dev_dependencies():
    installs = [run for run in dockerfile("RUN") if "pip install" in run]
    assert any(re.search(r"pip install\b[^&;|]*\s\.(\s|$)", run) for run in installs)
    assert not any("[dev]" in run or "pytest" in run for run in installs)


def test_image_collects_static_files_at_build():
    assert any("collectstatic --noinput" in run for run in dockerfile("RUN"))


def test_image_runs_as_a_non_root_user():
    users = dockerfile("USER")
    assert users
    assert users[-1].split(":")[0] not in {"root", "0"}


def test_image_starts_gunicorn_on_port_8000():
    assert "8000" in dockerfile("EXPOSE")
    command = exec_form(dockerfile("CMD")[-1])
    assert command[:2] == ["gunicorn", "newsroom.wsgi"]
    assert command[command.index("--bind") + 1] == "0.0.0.0:8000"
    assert command[command.index("--config") + 1] == "gunicorn.conf.py"


def test_web_uses_the_gunicorn_configuration_in_the_repository():
    assert "--config gunicorn.conf.py" in as_command(service("web")["command"])


def test_gunicorn_configuration_sizes_and_recycles_workers(monkeypatch):
    import runpy

    monkeypatch.setenv("WEB_CONCURRENCY", "3")
    config = runpy.run_path(str(ROOT / "gunicorn.conf.py"))
    assert config["workers"] == 3
    assert config["max_requests"] > 0 and config["timeout"] <= 60
    monkeypatch.delenv("WEB_CONCURRENCY")
    assert runpy.run_path(str(ROOT / "gunicorn.conf.py"))["workers"] >= 3


# --- Settings refuse production on development defaults ----------------------------------------


@pytest.mark.parametrize("missing", REQUIRED_IN_PRODUCTION)
def test_production_refuses_to_start_without(missing):
    variables = {name: value for name, value in PRODUCTION.items() if name != missing}
    result = start_django(DEBUG="false", **variables)
    assert result.returncode != 0
    # The last line is the exception's message, not the traceback's source lines.
    assert error_line(result).startswith("django.core.exceptions.ImproperlyConfigured")
    assert missing in error_line(result)


def test_debug_is_off_unless_asked_for():
    result = start_django()
    assert result.returncode != 0
    assert "SECRET_KEY" in error_line(result)


def test_production_starts_with_the_required_variables():
    result = start_django(DEBUG="false", **PRODUCTION)
    assert result.returncode == 0, result.stderr


def test_development_starts_on_its_defaults():
    result = start_django(DEBUG="true")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("empty", REQUIRED_IN_PRODUCTION)
def test_production_treats_an_empty_value_as_missing(empty):
    result = start_django(DEBUG="false", **{**PRODUCTION, empty: "  "})
    assert result.returncode != 0
    assert empty in error_line(result)


# --- Media storage -----------------------------------------------------------------------------

STORAGE_PROBE = """
import django; django.setup()
from django.core.files.storage import storages
media = storages["default"]
print(type(media).__name__, media.url("articles/2024/04/ward.jpg"))
"""
NO_NETWORK_CREDENTIALS = {
    "AWS_ACCESS_KEY_ID": "test-key",
    "AWS_SECRET_ACCESS_KEY": "test-secret",
    "AWS_EC2_METADATA_DISABLED": "true",
}


def storage_in_use(**variables):
    result = start_django(code=STORAGE_PROBE, DEBUG="true", **variables)
    assert result.returncode == 0, result.stderr
    return result.stdout.split()


def test_images_stay_in_media_root_without_a_bucket():
    assert storage_in_use() == ["FileSystemStorage", "/media/articles/2024/04/ward.jpg"]


def test_a_bucket_switches_images_to_s3_with_public_unsigned_urls():
    backend, url = storage_in_use(
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_REGION_NAME="eu-west-1",
        AWS_LOCATION="newsroom",
        **NO_NETWORK_CREDENTIALS,
    )
    assert backend == "S3Storage"
    assert url == "https://newsroom-media.s3.amazonaws.com/newsroom/articles/2024/04/ward.jpg"


def test_an_s3_compatible_service_behind_a_cdn_domain():
    backend, url = storage_in_use(
        AWS_STORAGE_BUCKET_NAME="newsroom-media",
        AWS_S3_ENDPOINT_URL="https://s3.example.net",
        AWS_S3_CUSTOM_DOMAIN="media.news.hospital.example",
        **NO_NETWORK_CREDENTIALS,
    )
    assert (backend, url) == (
        "S3Storage",
        "https://media.news.hospital.example/articles/2024/04/ward.jpg",
    )


def test_s3_options_never_overwrite_files_and_set_cache_headers():
    code = (
        "import django; django.setup(); from django.conf import settings; "
        "import json; print(json.dumps(settings.STORAGES['default']))"
    )
    result = start_django(code=code, DEBUG="true", AWS_STORAGE_BUCKET_NAME="newsroom-media")
    options = json.loads(result.stdout)["OPTIONS"]
    assert options["file_overwrite"] is False
    assert options["querystring_auth"] is False
    assert options["object_parameters"]["CacheControl"].startswith("public")


def test_make_run_installs_only_what_running_needs():
    """`make run` installs the project's own dependencies; the test toolchain (pytest,
    Playwright, the W3C checker from npm) comes with `make test`."""
    root = Path(__file__).resolve().parents[2]
    run = subprocess.run(
        ["make", "-n", "-B", "install"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert "pip install --quiet -e ." in run
    assert "[dev]" not in run and "npm" not in run
    test = subprocess.run(
        ["make", "-n", "-B", "install-dev"], cwd=root, capture_output=True, text=True, check=True
    ).stdout
    assert "pip install --quiet -e '.[dev]'" in test and "npm install" in test
