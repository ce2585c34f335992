# The production image: gunicorn serving ccec; the same image runs the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext fonts-noto-cjk \
       libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install --require-hashes -r requirements.txt

COPY . .
# Build-time only: collectstatic needs settings, not secrets or services.
RUN python manage.py compilemessages --ignore=.venv --verbosity 0 \
    && DEBUG=false SECRET_KEY=build-only-not-secret python manage.py collectstatic --noinput --verbosity 0

RUN useradd --system --create-home ccec && mkdir -p /data/media /data/beat && chown -R ccec /data /app
USER ccec

ENV MEDIA_ROOT=/data/media
EXPOSE 8000
ENTRYPOINT ["/app/docker/entrypoint.sh"]
CMD ["gunicorn", "ccec.wsgi:application", "--config", "gunicorn.conf.py"]
