# The production image: gunicorn for the web; the same image runs the Celery worker and beat
# (see docker-compose.yml). Configuration comes only from the environment (README, .env.example).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

# WeasyPrint (advice PDFs) needs Pango and HarfBuzz, and fonts to render with.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz0b fontconfig fonts-dejavu-core fonts-liberation2 \
    && rm -rf /var/lib/apt/lists/*

RUN groupadd --system --gid 10001 ijmond \
    && useradd --system --uid 10001 --gid ijmond --home-dir /app --no-create-home --shell /usr/sbin/nologin ijmond

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# Static files are collected into the image with production's storage (hashed names + compressed
# copies for WhiteNoise). Production settings refuse to load without a real SECRET_KEY, so the build
# makes a throwaway one that lives only in this step (it is never written to a layer).
RUN DJANGO_ENV=production ALLOWED_HOSTS=build.invalid \
        SECRET_KEY="$(python -c 'import secrets; print(secrets.token_urlsafe(64))')" \
        python manage.py collectstatic --noinput --verbosity 1 \
    && mkdir -p /app/media /app/var /app/private \
    && chown -R ijmond:ijmond /app/media /app/var /app/private

USER ijmond
ENV DJANGO_ENV=production \
    MEDIA_ROOT=/app/media \
    PRIVATE_MEDIA_ROOT=/app/private \
    CACHE_DIR=/app/var/cache \
    EMAIL_FILE_PATH=/app/var/mail
EXPOSE 8000

# Workers: WEB_CONCURRENCY (gunicorn reads it); more options through GUNICORN_CMD_ARGS.
CMD ["gunicorn", "ijmond_participatie.wsgi:application", "--bind", "0.0.0.0:8000", "--access-logfile", "-", "--timeout", "60", "--graceful-timeout", "30"]
