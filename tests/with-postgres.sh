#!/usr/bin/env bash
# Runs a command against a throwaway PostgreSQL cluster on a free loopback port, and removes the cluster
# afterwards, whatever the command's outcome. The command sees the cluster's URL in
# PGNOTION_TEST_DATABASE_URL (a maintenance database; tests create their own databases in it).
#
# The cluster speaks TLS (ssl=on) with a server certificate for 127.0.0.1 and localhost, signed by a
# throwaway CA made here: PGNOTION_TEST_SSL_CA is that CA's file (for sslmode=verify-full). Connections
# without TLS stay allowed, except for roles in these groups (tests create the groups and roles they need):
#   pgnotion_tls_only       TLS only: a plain connection is rejected by pg_hba.conf
#   pgnotion_password_auth  a password is required (scram-sha-256), over TLS or not
#
#   tests/with-postgres.sh ctest --test-dir build --output-on-failure
set -euo pipefail

pg_bin=${PGNOTION_PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
if [[ ! -x "$pg_bin/initdb" ]]; then
    echo "with-postgres: no PostgreSQL server binaries found (install the 'postgresql' package)" >&2
    exit 2
fi

dir=$(mktemp -d -t pgnotion-test-pg.XXXXXX)
as_owner=()
if [[ $(id -u) -eq 0 ]]; then
    # The server refuses to run as root: the cluster belongs to the postgres user.
    chown postgres "$dir"
    as_owner=(runuser -u postgres --)
fi

cleanup() {
    if [[ -f "$dir/data/postmaster.pid" ]]; then
        "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -m immediate stop >/dev/null 2>&1 || true
    fi
    rm -rf "$dir"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

"${as_owner[@]}" "$pg_bin/initdb" -D "$dir/data" -A trust -U postgres -E UTF8 --no-sync >"$dir/initdb.log" 2>&1 ||
    { cat "$dir/initdb.log" >&2; exit 2; }

# A CA and a server certificate signed by it (EC keys: made in milliseconds). The server's key belongs
# to the server's user with mode 0600, or PostgreSQL refuses to start.
tls="$dir/tls"
mkdir "$tls"
(
    cd "$tls"
    openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 2 \
        -subj "/CN=pgnotion test CA" -keyout ca.key -out ca.crt
    openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes \
        -subj "/CN=localhost" -keyout server.key -out server.csr
    printf 'subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\n' >server.ext
    openssl x509 -req -in server.csr -CA ca.crt -CAkey ca.key -CAcreateserial -days 2 \
        -extfile server.ext -out server.crt
) >"$dir/tls.log" 2>&1 || { echo "with-postgres: could not make the test certificates (openssl):" >&2; cat "$dir/tls.log" >&2; exit 2; }
chmod 600 "$tls/server.key" "$tls/ca.key"
chmod 644 "$tls/ca.crt" "$tls/server.crt"
if [[ $(id -u) -eq 0 ]]; then
    chown postgres "$tls/server.key" "$tls/server.crt"
fi

# First match wins: the group rules come before initdb's "trust everyone on loopback".
hba="$dir/data/pg_hba.conf"
{
    echo "# pgnotion tests (tests/with-postgres.sh)"
    echo "hostnossl all +pgnotion_tls_only 127.0.0.1/32 reject"
    echo "hostnossl all +pgnotion_tls_only ::1/128 reject"
    echo "host all +pgnotion_password_auth 127.0.0.1/32 scram-sha-256"
    echo "host all +pgnotion_password_auth ::1/128 scram-sha-256"
    cat "$hba"
} >"$hba.new"
mv "$hba.new" "$hba"
[[ $(id -u) -eq 0 ]] && chown postgres "$hba"

port_is_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

started=""
for _ in 1 2 3 4 5 6 7 8; do
    port=$((20000 + RANDOM % 40000))
    port_is_free "$port" || continue
    # A throwaway cluster needs no durability (fsync off) unless PGNOTION_PG_DURABLE=1 (for benchmarks
    # that should show what a real server does); a bigger max_connections for concurrent tests.
    durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    [[ "${PGNOTION_PG_DURABLE:-0}" == 1 ]] && durability=""
    if "${as_owner[@]}" "$pg_bin/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=200 \
           -c ssl=on -c ssl_cert_file=$tls/server.crt -c ssl_key_file=$tls/server.key" \
        start >/dev/null; then
        started=yes
        break
    fi
done
if [[ -z "$started" ]]; then
    echo "with-postgres: could not start PostgreSQL; its log follows" >&2
    cat "$dir/server.log" >&2 || true
    exit 2
fi

export PGNOTION_TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$port/postgres"
export PGNOTION_TEST_SSL_CA="$tls/ca.crt"
echo "with-postgres: PostgreSQL $("$pg_bin/postgres" --version | awk '{print $3}') on $PGNOTION_TEST_DATABASE_URL" >&2
set +e
"$@"
status=$?
set -e
exit $status
