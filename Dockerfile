# Production image: slim Python, non-root user, gunicorn, static files collected at build time.
FROM python:3.11-slim AS base

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=lilith.settings.production \
    PORT=8000

RUN apt-get update \
    && apt-get install -y --no-install-recommends libpq5 curl libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --create-home --uid 10001 lilith

WORKDIR /app
COPY pyproject.toml constraints.txt ./
COPY lilith ./lilith
COPY practices ./practices
COPY parcours ./parcours
COPY hub ./hub
COPY pagecache ./pagecache
COPY accounts ./accounts
COPY trainings ./trainings
COPY implementation ./implementation
COPY search ./search
COPY safety ./safety
COPY community ./community
COPY outbox ./outbox
COPY readability ./readability
COPY easyread ./easyread
COPY editorguide ./editorguide
COPY glossary ./glossary
COPY metrics ./metrics
COPY opendata ./opendata
COPY alerts ./alerts
RUN pip install -c constraints.txt ".[s3,search,opensearch]"
COPY . .

# collectstatic needs a key but no database; the build-time key never reaches the running image's environment.
RUN DJANGO_SECRET_KEY=build-only-collectstatic python manage.py collectstatic --noinput \
    && mkdir -p /app/media && chown -R lilith:lilith /app/media

USER lilith
EXPOSE 8000
HEALTHCHECK --interval=30s --timeout=5s --start-period=20s --retries=3 \
    CMD curl -fsS "http://127.0.0.1:${PORT}/healthz" || exit 1

# migrate_with_lock: several containers starting together apply each migration once (PostgreSQL lock).
CMD ["sh", "-c", "python manage.py migrate_with_lock --noinput && exec gunicorn lilith.wsgi:application --config gunicorn.conf.py"]
