FROM python:3.11-slim-bookworm

# WeasyPrint needs Pango; gettext compiles the German catalogue; fonts are embedded in PDFs.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 gettext fonts-dejavu-core \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 DJANGO_SETTINGS_MODULE=klimaportal.settings
WORKDIR /app

COPY pyproject.toml README.md ./
COPY . .
RUN pip install --no-cache-dir . \
    && DEBUG=1 python manage.py compilemessages --ignore=node_modules -v 0 \
    && SECRET_KEY=build-only DEBUG=0 STATIC_ROOT=/srv/static python manage.py collectstatic --no-input -v 0

RUN useradd --system --home /app portal && mkdir -p /srv/media && chown portal /srv/media
USER portal
EXPOSE 8000
# The same command as the web service in docker-compose.yml (a test compares them).
# Migrations run once per deployment: docker compose run --rm web python manage.py migrate
CMD ["gunicorn", "klimaportal.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--worker-class", "gthread", "--threads", "4", "--timeout", "60", "--access-logfile", "-"]
