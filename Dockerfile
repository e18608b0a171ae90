# syntax=docker/dockerfile:1
# The rightsgraph API. Neo4j runs in its own container (see docker-compose.yml).
# Base images are pinned to exact releases; Python packages come from requirements.lock,
# each checked against its hash.

# The web app (lineage explorer, GraphiQL), built from the lock file; only web/dist is kept.
FROM node:22.20.0-slim AS web
WORKDIR /web
COPY web/package.json web/package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY web/ ./
RUN npm run build

FROM python:3.11.13-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
# The locked packages first (a layer that survives changes to the code), then the project
# itself, built by the locked hatchling.
COPY requirements.lock ./
RUN pip install --require-hashes --no-deps -r requirements.lock
COPY pyproject.toml README.md ./
COPY api ./api
COPY graph/__init__.py graph/*.py ./graph/
COPY resolvers ./resolvers
COPY schema ./schema
COPY seed ./seed
RUN pip install --no-deps --no-build-isolation . && useradd --system --uid 10001 rightsgraph
ENV RIGHTSGRAPH_WEB_DIST=/app/web/dist
RUN --mount=type=bind,from=web,source=/web/dist,target=/tmp/web-dist \
    mkdir -p /app/web && cp -r /tmp/web-dist /app/web/dist
USER rightsgraph

EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz').status != 200)"
# The demo seed loads only in development, or with RIGHTSGRAPH_SEED=true (api/settings.py).
CMD ["rightsgraph", "serve", "--host", "0.0.0.0", "--port", "8000"]
