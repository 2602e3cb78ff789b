# syntax=docker/dockerfile:1
FROM python:3.11-slim AS build
WORKDIR /src
RUN python -m venv /venv
COPY pyproject.toml README.md ./
COPY bot bot
COPY services services
COPY jobs jobs
COPY db db
COPY config config
COPY core core
COPY fakebot fakebot
RUN /venv/bin/pip install --no-cache-dir .

FROM python:3.11-slim
RUN useradd --create-home --uid 10001 limber
COPY --from=build /venv /venv
WORKDIR /app
RUN mkdir -p /app/data && chown limber /app/data
USER limber
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    DATABASE_URL=sqlite+aiosqlite:////app/data/limber.db
VOLUME ["/app/data"]
# Migrations run at start-up, before the first update is handled.
ENTRYPOINT ["python", "-m", "bot"]
