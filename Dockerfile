# The rightsgraph API. Neo4j runs in its own container (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY api ./api
COPY graph/__init__.py graph/*.py ./graph/
COPY resolvers ./resolvers
COPY schema ./schema
COPY seed ./seed
RUN pip install . && useradd --system --uid 10001 rightsgraph
USER rightsgraph

EXPOSE 8000
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=5 \
  CMD python -c "import urllib.request,sys; sys.exit(urllib.request.urlopen('http://127.0.0.1:8000/readyz').status != 200)"
CMD ["rightsgraph", "serve", "--seed", "--host", "0.0.0.0", "--port", "8000"]
