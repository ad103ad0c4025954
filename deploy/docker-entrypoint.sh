#!/bin/sh
# FitnessCRM container entrypoint: `docker-entrypoint.sh ROLE [ARGS...]`.
#
#   web          gunicorn (via `fitnesscrm serve`, which execs it: gunicorn ends up as PID 1; on SIGTERM it
#                drains for FITNESSCRM_DRAIN_SECONDS, then finishes in-flight requests)   [default]
#   worker       celery -A fitnesscrm.jobs worker
#   beat         celery -A fitnesscrm.jobs beat (run exactly one)
#   migrate      fitnesscrm db upgrade && fitnesscrm seed exercises (one-off, before new code serves)
#   assets       copy the built frontend to $FITNESSCRM_ASSETS_EXPORT_DIR (for nginx to serve directly)
#   healthcheck  python /app/healthcheck.py web|worker|beat
#   anything else is executed as given, e.g. `fitnesscrm users create-admin --email a@example.com`
#
# Secrets from files: for every FITNESSCRM_<NAME>_FILE (and PGPASSWORD_FILE) in the environment, the file's
# content (trailing newlines removed) is exported as FITNESSCRM_<NAME> (PGPASSWORD), e.g.
# FITNESSCRM_SECRET_KEY_FILE=/run/secrets/secret_key. Setting both NAME and NAME_FILE is an error.
set -eu

load_file_secrets() {
    names=$(env | sed -n 's/^\(FITNESSCRM_[A-Z0-9_]*\)_FILE=.*$/\1/p; s/^\(PGPASSWORD\)_FILE=.*$/\1/p')
    for name in $names; do
        # $name matches [A-Z0-9_]+ (from the sed above), so the evals below cannot inject anything.
        eval "file=\${${name}_FILE}"
        eval "already=\${${name}+set}"
        if [ "$already" = "set" ]; then
            echo "docker-entrypoint: both ${name} and ${name}_FILE are set; use one" >&2
            exit 64
        fi
        if [ ! -r "$file" ]; then
            echo "docker-entrypoint: ${name}_FILE=${file} is not a readable file" >&2
            exit 66
        fi
        value=$(cat "$file")
        export "${name}=${value}"
        unset "${name}_FILE"
    done
}

load_file_secrets

role=${1:-web}
[ "$#" -gt 0 ] && shift

case "$role" in
    web)
        exec fitnesscrm serve --host 0.0.0.0 --port "${PORT:-8000}" "$@"
        ;;
    worker)
        exec celery -A fitnesscrm.jobs worker --loglevel "${FITNESSCRM_LOG_LEVEL:-INFO}" "$@"
        ;;
    beat)
        # The schedule state is disposable (crontab entries): keep it in /tmp so the root fs can be read-only.
        exec celery -A fitnesscrm.jobs beat --loglevel "${FITNESSCRM_LOG_LEVEL:-INFO}" \
            --schedule "${FITNESSCRM_BEAT_SCHEDULE:-/tmp/celerybeat-schedule}" "$@"
        ;;
    migrate)
        fitnesscrm db upgrade
        exec fitnesscrm seed exercises
        ;;
    assets)
        target=${FITNESSCRM_ASSETS_EXPORT_DIR:-/srv/assets}
        # Old hashed files stay (clients still running the previous release keep loading them).
        cp -R "${FITNESSCRM_FRONTEND_DIST:-/app/frontend/dist}/." "$target/"
        echo "docker-entrypoint: frontend copied to $target"
        exit 0
        ;;
    healthcheck)
        exec python /app/healthcheck.py "$@"
        ;;
    *)
        exec "$role" "$@"
        ;;
esac
