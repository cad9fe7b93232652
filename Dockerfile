# syntax=docker/dockerfile:1
#
# One image for every role: the default CMD serves the API with gunicorn; the
# compose file picks the role with `command:` (`corroborate worker`, ...).
#
#   docker build -t corroborate:local .

ARG PYTHON_VERSION=3.11

# Pinning the Debian release keeps a rebuild from silently moving the base OS.
FROM python:${PYTHON_VERSION}-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PATH=/opt/venv/bin:$PATH
# Fixed UID/GID, and USER below is numeric, so volume ownership is predictable
# and runtimes enforcing runAsNonRoot can verify the user without /etc/passwd.
RUN groupadd --system --gid 10001 corroborate \
 && useradd --system --uid 10001 --gid corroborate --create-home --home-dir /home/corroborate \
        --shell /usr/sbin/nologin corroborate

# ---- build: install the project (runtime dependencies only) into a venv ----
FROM base AS build
# PyICU (TR39 confusable skeletons for source keys) builds against the system ICU.
RUN apt-get update \
 && apt-get install -y --no-install-recommends g++=4:12.2.0-3 pkg-config=1.8.1-1 libicu-dev=72.1-3+deb12u1 \
 && rm -rf /var/lib/apt/lists/*
RUN python -m venv /opt/venv
WORKDIR /src
# README*/LICENSE* are globs so the build still works if pyproject references
# them (readme = / license-files) and does not fail when they are absent.
COPY pyproject.toml README* LICENSE* ./
COPY service/ service/
COPY workers/ workers/
COPY config/ config/
COPY corroborate/ corroborate/
# Non-editable install: the runtime stage gets site-packages only, no source tree.
RUN pip install . && pip check

# ---- runtime (default target: keep it last) ----
FROM base AS runtime
RUN apt-get update \
 && apt-get install -y --no-install-recommends libicu72=72.1-3+deb12u1 \
 && rm -rf /var/lib/apt/lists/*
COPY --from=build /opt/venv /opt/venv
USER 10001:10001
WORKDIR /home/corroborate
EXPOSE 8000
# No HEALTHCHECK here: the same image runs the API and the workers, which need
# different probes; docker-compose.yml defines one per service.
# gthread workers and timeouts in config/gunicorn.py; WEB_CONCURRENCY / GUNICORN_THREADS at run time.
CMD ["gunicorn", "--config", "python:config.gunicorn", "--bind", "0.0.0.0:8000", "service:create_app()"]
