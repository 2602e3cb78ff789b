# syntax=docker/dockerfile:1
# Build stage: the package and its dependencies into a virtual environment.
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
# The pattern detector's walk is compiled (numba) into its cache beside the installed code,
# so a container's first look does not compile it.
RUN /venv/bin/python -c "from core.patterns.spending import warm_up; warm_up()"

# Run stage: only the virtual environment, run by an unprivileged user.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 limber
COPY --from=build /venv /venv
WORKDIR /app
RUN mkdir -p /app/data && chown limber /app/data
USER limber
ENV PATH=/venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    MPLCONFIGDIR=/tmp/matplotlib \
    DATABASE_URL=sqlite+aiosqlite:////app/data/limber.db \
    METRICS_PORT=9100
VOLUME ["/app/data"]
# 8443: the webhook (MODE=webhook); 9100: /healthz, /readyz and /metrics.
EXPOSE 8443 9100
# Healthy means ready for traffic: /readyz answers 200 (database reachable, schema current,
# reminder engine running). Migrations run at start-up, inside the start period.
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 \
    CMD ["python", "-m", "bot.healthcheck"]
ENTRYPOINT ["python", "-m", "bot"]
