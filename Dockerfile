# syntax=docker/dockerfile:1
# The article bot: docker build -t article-bot . && docker compose up -d (see compose.yaml).
#
# Two stages: the first installs the package (its wheel carries the knowledge) into a venv of its
# own; the second is a clean slim image with that venv, a non-root user and /data as the only
# place it writes. Run it with a read-only root file system (compose.yaml does:
# read_only: true, tmpfs /tmp). The lines marked "tested:" are run as written by
# tests/test_deploy.py, in a fresh venv, with /opt/article-bot and /data in temporary folders.

ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS build
ENV PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_ROOT_USER_ACTION=ignore
WORKDIR /src
# Only what the package is built from (.dockerignore keeps .env and the rest out anyway).
COPY pyproject.toml README.md ./
COPY bot/ bot/
COPY knowledge/ knowledge/
# A venv without pip: the running image cannot install anything. The image's own pip installs
# into it (and compiles the bytecode, which the read-only image cannot write later), building the
# wheel in an isolated environment with the backend pyproject.toml names.
# tested: install
RUN python -m venv --without-pip /opt/article-bot
# tested: install
RUN python -m pip --python /opt/article-bot/bin/python install .

FROM ${PYTHON_IMAGE}
LABEL org.opencontainers.image.title="article-bot" \
      org.opencontainers.image.description="A Discord bot that answers questions about one news article, with verbatim citations."
RUN groupadd --system --gid 10001 article-bot \
 && useradd --system --uid 10001 --gid article-bot --home-dir /nonexistent --no-create-home \
      --shell /usr/sbin/nologin article-bot \
 && mkdir /data \
 && chown article-bot:article-bot /data
COPY --from=build /opt/article-bot /opt/article-bot
# tested: environment
ENV PATH=/opt/article-bot/bin:$PATH \
    PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    DATA_DIR=/data \
    STATUS_PORT=8080
VOLUME ["/data"]
USER article-bot:article-bot
# The status endpoint listens on 127.0.0.1 inside the container (STATUS_HOST); its /healthz
# answers 200 only while every shard is connected and ready. No curl in slim: Python's urllib.
# tested: healthcheck
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request; urllib.request.urlopen('http://127.0.0.1:%s/healthz' % os.environ['STATUS_PORT'], timeout=4)"]
# SIGTERM (docker stop) lets the bot finish what it is doing and exit 0.
STOPSIGNAL SIGTERM
# tested: start
ENTRYPOINT ["python", "-m", "bot"]
