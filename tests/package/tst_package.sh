#!/usr/bin/env bash
# tst_package: builds the .deb from the build tree under test and checks it as a user would meet it.
#   tst_package.sh BUILD_DIR VERSION CPACK
# 1. cpack -G DEB; the control fields, Depends (dpkg-shlibdeps' and the run-time plugins'), the file list,
#    the conffile and its mode.
# 2. The desktop file, the AppStream metainfo and the systemd unit pass their validators.
# 3. Unpacked into a clean prefix: the installed pgnotion prints its version, and `pgnotion --headless
#    --check` against a migrated database of its own and the installed emulator (the default mapping's
#    databases created by the installed pgnotion) passes, then fails clearly with a wrong token.
# 4. With CI=true as root: dpkg installs, removes and purges it (the maintainer scripts run).
# Needs PGNOTION_TEST_DATABASE_URL (tests/with-postgres.sh). Anything missing is a failure, never a skip.
set -euo pipefail

build=${1:?build directory}
version=${2:?project version}
cpack=${3:?cpack}
failures=0

fail() {
    echo "FAIL: $*" >&2
    failures=$((failures + 1))
}
die() {
    echo "FAIL: $*" >&2
    exit 1
}
pass() { echo "ok: $*"; }

for tool in "$cpack" dpkg-deb dpkg desktop-file-validate appstreamcli systemd-analyze psql ldd; do
    command -v "$tool" >/dev/null || die "$tool is missing (packaging/debian-packages.txt lists its package)"
done
[[ -n "${PGNOTION_TEST_DATABASE_URL:-}" ]] || die "PGNOTION_TEST_DATABASE_URL is not set (run under tests/with-postgres.sh)"

work=$(mktemp -d -t pgnotion-package.XXXXXX)
emulator_pid=""
database=""
installed=""
cleanup() {
    # A failure between dpkg -i and dpkg -P must not leave the package on the machine.
    [[ -n "$installed" ]] && dpkg -P pgnotion >/dev/null 2>&1
    [[ -n "$emulator_pid" ]] && kill "$emulator_pid" 2>/dev/null && wait "$emulator_pid" 2>/dev/null
    [[ -n "$database" ]] && psql -q "$PGNOTION_TEST_DATABASE_URL" -c "DROP DATABASE IF EXISTS \"$database\"" \
        >/dev/null 2>&1
    rm -rf "$work"
}
trap cleanup EXIT

# --- 1. the package ---------------------------------------------------------------------------------------
"$cpack" -G DEB --config "$build/CPackConfig.cmake" -B "$work/out" >"$work/cpack.log" 2>&1 ||
    { cat "$work/cpack.log" >&2; die "cpack -G DEB failed"; }
shopt -s nullglob
debs=("$work"/out/*.deb)
[[ ${#debs[@]} -eq 1 ]] || die "cpack made ${#debs[@]} .deb files, expected 1"
deb=${debs[0]}
arch=$(dpkg --print-architecture)
[[ $(basename "$deb") == "pgnotion_${version}-1_${arch}.deb" ]] || fail "unexpected file name $(basename "$deb")"
pass "built $(basename "$deb") ($(du -k "$deb" | cut -f1) KiB)"

field() { dpkg-deb -f "$deb" "$1"; }
[[ $(field Package) == pgnotion ]] || fail "Package is '$(field Package)'"
[[ $(field Version) == "${version}-1" ]] || fail "Version is '$(field Version)', expected ${version}-1"
[[ $(field Architecture) == "$arch" ]] || fail "Architecture is '$(field Architecture)'"
for name in Section Maintainer Homepage Description; do
    [[ -n $(field "$name") ]] || fail "the control file has no $name"
done
[[ $(field Description | wc -l) -ge 3 ]] || fail "the Description has no extended text"
depends=$(field Depends)
# Loaded at run time (plugins, dlopen), so named by hand; the Qt and keychain libraries come from dpkg-shlibdeps.
for package in libqt6sql6-psql qt6-qpa-plugins libsecret-1-0 adduser libqt6core6 libqt6widgets6 libqt6charts6 \
    libqt6keychain1 libqt6httpserver6; do
    grep -Eq "(^|, )$package( |,|$)" <<<"$depends" || fail "Depends lacks $package: $depends"
done
[[ $(field Recommends) == *gnome-keyring* ]] || fail "Recommends lacks gnome-keyring"
pass "control fields; Depends: $depends"

dpkg-deb -c "$deb" >"$work/contents"
for path in ./usr/bin/pgnotion ./usr/bin/pgnotion-notion-emulator \
    ./usr/share/applications/io.github.pgnotion.Pgnotion.desktop \
    ./usr/share/icons/hicolor/scalable/apps/io.github.pgnotion.Pgnotion.svg \
    ./usr/share/icons/hicolor/256x256/apps/io.github.pgnotion.Pgnotion.png \
    ./usr/share/metainfo/io.github.pgnotion.Pgnotion.metainfo.xml \
    ./usr/lib/systemd/system/pgnotion-worker.service ./etc/pgnotion/worker.env \
    ./usr/share/pgnotion/mapping/default.json ./usr/share/pgnotion/mapping/README.md \
    ./usr/share/pgnotion/sql/worker-role.sql \
    ./usr/share/doc/pgnotion/docs/packaging.md; do
    grep -q " $path\$" "$work/contents" || fail "the package lacks $path"
done
grep -Eq '^-rw------- root/root .* ./etc/pgnotion/worker.env$' "$work/contents" ||
    fail "worker.env is not root's with mode 0600: $(grep worker.env "$work/contents")"
if grep -Ev '^(d|-)[rwx-]{9} root/root ' "$work/contents" | grep -q .; then
    fail "files not owned by root: $(grep -Ev '^(d|-)[rwx-]{9} root/root ' "$work/contents" | head -3)"
fi
dpkg-deb -e "$deb" "$work/control"
grep -qx /etc/pgnotion/worker.env "$work/control/conffiles" || fail "worker.env is not a conffile"
for script in postinst prerm postrm; do
    [[ -x "$work/control/$script" ]] || fail "the $script script is missing or not executable"
done
pass "file list, conffile and maintainer scripts"

# --- 2. validators ----------------------------------------------------------------------------------------
root="$work/root"
dpkg-deb -x "$deb" "$root"
desktop-file-validate "$root/usr/share/applications/io.github.pgnotion.Pgnotion.desktop" ||
    fail "desktop-file-validate rejects the desktop file"
grep -qx 'Exec=pgnotion' "$root/usr/share/applications/io.github.pgnotion.Pgnotion.desktop" ||
    fail "the desktop file does not run pgnotion"
metainfo="$root/usr/share/metainfo/io.github.pgnotion.Pgnotion.metainfo.xml"
appstreamcli validate --no-net "$metainfo" >"$work/appstream.log" 2>&1 ||
    { cat "$work/appstream.log" >&2; fail "appstreamcli rejects the metainfo"; }
grep -q "<release version=\"$version\"" "$metainfo" || fail "the metainfo has no release entry for $version"

# systemd-analyze checks that ExecStart's program exists on this machine: point it at the unpacked one.
# It warns (without failing) about unknown or malformed settings, so any output is a failure too.
unit="$root/usr/lib/systemd/system/pgnotion-worker.service"
mkdir "$work/unit"
sed "s|/usr/bin/pgnotion |$root/usr/bin/pgnotion |" "$unit" >"$work/unit/pgnotion-worker.service"
if ! systemd-analyze verify --man=no "$work/unit/pgnotion-worker.service" >"$work/verify.log" 2>&1 ||
    [[ -s "$work/verify.log" ]]; then
    cat "$work/verify.log" >&2
    fail "systemd-analyze verify complains about pgnotion-worker.service"
fi
for setting in 'EnvironmentFile=/etc/pgnotion/worker.env' 'Restart=on-failure' 'User=pgnotion' \
    'NoNewPrivileges=yes' 'ProtectSystem=strict' 'ProtectHome=yes' 'PrivateTmp=yes' 'PrivateDevices=yes' \
    'CapabilityBoundingSet=' 'RestrictAddressFamilies=AF_INET AF_INET6 AF_UNIX' \
    'SystemCallFilter=@system-service'; do
    grep -qx "$setting" "$unit" || fail "the unit lacks $setting"
done
grep -q '^ExecStart=/usr/bin/pgnotion --headless --instance %H' "$unit" || fail "the unit does not run the headless worker"
pass "desktop file, metainfo and unit validate"

# --- 3. the installed programs, in a clean prefix ------------------------------------------------------------
for program in pgnotion pgnotion-notion-emulator; do
    if ldd "$root/usr/bin/$program" | grep -q 'not found'; then
        fail "$program needs libraries nothing provides: $(ldd "$root/usr/bin/$program" | grep 'not found')"
    fi
done
pgnotion="$root/usr/bin/pgnotion"
printed=$("$pgnotion" --version) || fail "the installed pgnotion --version exits $?"
[[ "$printed" == "pgnotion $version" ]] || fail "the installed pgnotion --version printed '$printed'"
pass "installed pgnotion --version: $printed"

database="pgnotion_package_$$_$RANDOM"
psql -q -v ON_ERROR_STOP=1 "$PGNOTION_TEST_DATABASE_URL" -c "CREATE DATABASE \"$database\"" >/dev/null ||
    die "cannot create a database on $PGNOTION_TEST_DATABASE_URL"
base_url=${PGNOTION_TEST_DATABASE_URL%%\?*}
url="${base_url%/*}/$database"
"$pgnotion" --migrate --demo-tables --database-url "$url" >"$work/migrate.log" 2>&1 ||
    { cat "$work/migrate.log" >&2; die "the installed pgnotion --migrate failed"; }

token=secret_package_test
page=5b0c1f2e-8d7a-4c1b-9f3e-2a6d4e8b1c90
printf '{"pages": [{"id": "%s", "title": "Sync root", "shared_with": ["%s"]}]}\n' "$page" "$token" \
    >"$work/seed.json"
"$root/usr/bin/pgnotion-notion-emulator" --port 0 --token "$token" --rate-limit 0 --seed "$work/seed.json" \
    >"$work/emulator.out" 2>"$work/emulator.err" &
emulator_pid=$!
# The emulator prints its address once it listens; it exits at once when it cannot start.
while ! grep -q '^listening on ' "$work/emulator.out" && kill -0 "$emulator_pid" 2>/dev/null; do
    sleep 0.1
done
notion=$(sed -n 's/^listening on //p' "$work/emulator.out")
[[ -n "$notion" ]] || { cat "$work/emulator.err" >&2; die "the installed pgnotion-notion-emulator did not start"; }

PGNOTION_NOTION_TOKEN=$token "$pgnotion" --create-notion-databases "$page" --notion-base-url "$notion" \
    >"$work/databases" 2>"$work/databases.err" ||
    { cat "$work/databases.err" >&2; die "the installed pgnotion --create-notion-databases failed"; }
databases=$(sed -n 's/^--notion-database //p' "$work/databases" | tr '\n' ' ')
[[ -n "$databases" ]] || die "--create-notion-databases printed no --notion-database"

# Configured as the unit's environment file configures the worker: PGNOTION_* variables only.
check() { # TOKEN: runs the installed pgnotion --headless --check; its output in $work/check.out
    (
        export PGNOTION_DATABASE_URL=$url PGNOTION_NOTION_TOKEN=$1 PGNOTION_NOTION_BASE_URL=$notion
        export PGNOTION_NOTION_DATABASE=$databases
        exec "$pgnotion" --headless --check >"$work/check.out" 2>"$work/check.err"
    )
}
check "$token" && status=0 || status=$?
if [[ $status -ne 0 ]] || grep -qv '^ok ' "$work/check.out" || [[ $(wc -l <"$work/check.out") -lt 4 ]]; then
    cat "$work/check.out" "$work/check.err" >&2
    fail "the installed pgnotion --headless --check exited $status or reported a problem"
else
    pass "installed pgnotion --headless --check: $(wc -l <"$work/check.out") lines, all ok"
    sed 's/^/    /' "$work/check.out"
fi
check secret_wrong_token && status=0 || status=$?
if [[ $status -ne 1 ]] || ! grep -q '^problem  Notion rejected the token' "$work/check.out"; then
    cat "$work/check.out" "$work/check.err" >&2
    fail "with a wrong token, --check exited $status without saying that Notion rejected the token"
elif grep -rq secret_wrong_token "$work/check.out" "$work/check.err"; then
    fail "--check printed the token"
else
    pass "with a wrong token: exit 1, $(grep '^problem' "$work/check.out" | head -1 | cut -c1-60)..."
fi

# --- 4. dpkg itself (CI machines are throwaway and run as root) ----------------------------------------------
if [[ "${CI:-}" == true && $(id -u) -eq 0 ]]; then
    if dpkg-query -W -f='${Status}' pgnotion 2>/dev/null | grep -q "install ok installed"; then
        die "pgnotion is already installed on this machine; not touching it"
    fi
    installed=yes
    dpkg -i "$deb" >"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; die "dpkg -i failed"; }
    [[ $(getent passwd pgnotion | cut -d: -f6,7) == /var/lib/pgnotion:/usr/sbin/nologin ]] ||
        fail "postinst did not create the pgnotion system user: $(getent passwd pgnotion)"
    # The service's user runs the installed program (the unit's ExecStart, without systemd).
    [[ $(runuser -u pgnotion -- /usr/bin/pgnotion --version) == "pgnotion $version" ]] ||
        fail "the pgnotion user cannot run /usr/bin/pgnotion"
    [[ $(stat -c '%a %U' /etc/pgnotion/worker.env) == "600 root" ]] ||
        fail "the installed worker.env is $(stat -c '%a %U' /etc/pgnotion/worker.env)"
    [[ $(/usr/bin/pgnotion --version) == "pgnotion $version" ]] || fail "the dpkg-installed pgnotion --version"
    systemd-analyze verify --man=no /usr/lib/systemd/system/pgnotion-worker.service >"$work/verify.log" 2>&1 &&
        [[ ! -s "$work/verify.log" ]] || { cat "$work/verify.log" >&2; fail "the installed unit does not verify"; }
    dpkg -r pgnotion >>"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -r failed"; }
    [[ ! -e /usr/bin/pgnotion ]] || fail "dpkg -r left /usr/bin/pgnotion"
    [[ -e /etc/pgnotion/worker.env ]] || fail "dpkg -r removed the conffile (only a purge should)"
    dpkg -P pgnotion >>"$work/dpkg.log" 2>&1 || { cat "$work/dpkg.log" >&2; fail "dpkg -P failed"; }
    [[ ! -e /etc/pgnotion/worker.env ]] || fail "dpkg -P left /etc/pgnotion/worker.env"
    installed=""
    pass "dpkg -i, -r and -P"
else
    echo "note: dpkg -i runs only with CI=true as root (this machine's packages are left alone)"
fi

if [[ $failures -ne 0 ]]; then
    echo "tst_package: $failures failure(s)" >&2
    exit 1
fi
echo "tst_package: all checks passed"
