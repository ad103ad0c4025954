#!/bin/sh
# PgBouncer container entrypoint: writes the userlist from the mounted db_password secret (tmpfs, 0600),
# then runs PgBouncer in the foreground as PID 1 (SIGTERM: immediate stop; SIGINT: wait for transactions).
set -eu
password_file="${PGBOUNCER_PASSWORD_FILE:-/run/secrets/db_password}"
user="${PGBOUNCER_USER:-fitnesscrm}"
if [ ! -r "$password_file" ]; then
    echo "pgbouncer-entrypoint: ${password_file} is not a readable file" >&2
    exit 66
fi
umask 077
mkdir -p /run/pgbouncer
password=$(cat "$password_file")
printf '"%s" "%s"\n' "$user" "$password" > /run/pgbouncer/userlist.txt
exec pgbouncer "${PGBOUNCER_INI:-/etc/pgbouncer/pgbouncer.ini}"
