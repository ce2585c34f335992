#!/bin/sh
# Wait for the database, apply migrations when asked (the web service does), then run the command.
set -e
if [ "${RUN_MIGRATIONS:-false}" = "true" ]; then
  until python manage.py migrate --noinput; do
    echo "Waiting for the database..."
    sleep 2
  done
fi
exec "$@"
