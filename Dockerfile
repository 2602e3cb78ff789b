# syntax=docker/dockerfile:1
# Build stage: the package and its dependencies into a virtual environment.
FROM python:3.11-slim AS build
# binutils for strip (below)
RUN apt-get update && apt-get install --yes --no-install-recommends binutils \
    && rm -rf /var/lib/apt/lists/*
WORKDIR /src
RUN python -m venv /venv
# The dependencies first, in a layer of their own: a change to Limber's code rebuilds only
# the layers after it. pyproject.toml stays their one list.
COPY pyproject.toml ./
RUN python -c 'import tomllib; print(*tomllib.load(open("pyproject.toml", "rb"))["project"]["dependencies"], sep="\n")' \
        > requirements.txt \
    && /venv/bin/pip install --no-cache-dir --requirement requirements.txt
# setup.py compiles the language catalogs (.po to .mo) into the installed package.
COPY README.md setup.py ./
COPY bot bot
COPY services services
COPY jobs jobs
COPY db db
COPY config config
COPY core core
COPY fakebot fakebot
RUN /venv/bin/pip install --no-cache-dir --no-deps . && /venv/bin/pip check
# The pattern detector's walk is compiled (numba) into its cache beside the installed code,
# so a container's first look does not compile it (run from / so that the installed code,
# not the source in the working directory, is imported and cached).
RUN cd / && /venv/bin/python -c "from core.patterns.spending import warm_up; warm_up()"
# What the run stage does not need: pip and setuptools (nothing is installed at run time),
# the dependencies' own tests and type stubs, fontTools' bytecode (matplotlib uses it to
# embed fonts in PDF and SVG files; Limber's charts are PNG), and the symbol tables of
# compiled modules (the dynamic symbols that load them stay). Not stripped: the libraries
# that wheels vendor (in *.libs) and the modules that load them (they have an RPATH), which
# auditwheel rewrote with patchelf, and numba's and llvmlite's modules (rewritten the same
# way without an RPATH); strip breaks their layout ("ELF load command address/offset not
# page-aligned"), which the image check caught.
RUN /venv/bin/pip uninstall --yes --quiet pip setuptools \
    && find /venv/lib -depth -type d \( -name tests -o -name test \) -exec rm -rf {} + \
    && find /venv/lib \( -name '*.pyi' -o -path '*/fontTools/*.pyc' \) -delete \
    && find /venv/lib -name '*.so*' -type f ! -path '*.libs/*' ! -path '*/numba/*' \
        ! -path '*/llvmlite/*' -exec sh -c \
        'readelf --dynamic "$1" | grep -q "R[UN]*PATH" || strip --strip-unneeded "$1"' sh {} \;

# Run stage: only the virtual environment, run by an unprivileged user.
FROM python:3.11-slim
RUN useradd --create-home --uid 10001 limber
COPY --from=build /venv /venv
# numba loads a compiled function from its cache only where it could also write one: the
# detector's walk, compiled at build time, stays the image user's to load.
RUN chown -R limber /venv/lib/python3*/site-packages/core/patterns/__pycache__
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
