# Cyclotroc: one image for web (gunicorn), Celery worker and Celery beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# gettext for compilemessages; Pango and fonts for the PDF documents (WeasyPrint).
RUN apt-get update \
 && apt-get install -y --no-install-recommends gettext libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core \
 && rm -rf /var/lib/apt/lists/*

RUN useradd --create-home --uid 1000 cyclotroc
WORKDIR /app

# Dependencies first, for the layer cache.
COPY pyproject.toml README.md ./
COPY requirements/constraints.txt requirements/constraints.txt
RUN pip install -c requirements/constraints.txt .

COPY . .
RUN DEBUG=False SECRET_KEY=build-only-not-secret-build-only-not-secret-1234567890 \
    python manage.py collectstatic --noinput \
 && python manage.py compilemessages -l fr --ignore=.venv >/dev/null \
 && chown -R cyclotroc /app

USER cyclotroc
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
