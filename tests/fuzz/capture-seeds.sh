#!/usr/bin/env bash
# Rewrites the notion_response and webhook_event seed files from the Notion emulator's real answers:
#   tests/fuzz/capture-seeds.sh BUILD_DIR      (BUILD_DIR/bin/pgnotion-notion-emulator must exist)
# Each notion_response seed is: two bytes of HTTP status, the Retry-After header, a newline, the body
# (the input format of fuzz_notion_response). Needs curl and python3; not run by CI (the seeds are committed).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
emulator=${1:?usage: capture-seeds.sh BUILD_DIR}/bin/pgnotion-notion-emulator
out=$here/corpus/notion_response
work=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$work"' EXIT

cat >"$work/seed.json" <<'JSON'
{"workspace_name": "Fuzz",
 "users": [{"id": "5389a034-eb5c-47b5-8a9e-f79c99ef166c", "name": "Grace Hopper", "email": "grace@example.com"}],
 "pages": [{"id": "0b9d3b2a-1111-4c5e-9a1b-2c3d4e5f6a7b", "title": "Sync root"}],
 "databases": [
  {"id": "1a2b3c4d-0000-4000-8000-000000000001", "title": "Clients", "parent_page_id": "0b9d3b2a-1111-4c5e-9a1b-2c3d4e5f6a7b",
   "data_source_id": "1a2b3c4d-0000-4000-8000-0000000000d1",
   "properties": {"Name": {"title": {}}}},
  {"id": "1a2b3c4d-0000-4000-8000-000000000002", "title": "Projects", "parent_page_id": "0b9d3b2a-1111-4c5e-9a1b-2c3d4e5f6a7b",
   "data_source_id": "1a2b3c4d-0000-4000-8000-0000000000d2",
   "properties": {
     "Name": {"title": {}}, "Postgres ID": {"rich_text": {}}, "Budget": {"number": {"format": "euro"}},
     "Tier": {"select": {"options": [{"name": "Gold"}, {"name": "Silver"}]}},
     "Tags": {"multi_select": {"options": [{"name": "urgent", "color": "red"}]}},
     "Stage": {"status": {}}, "Due": {"date": {}}, "Owner": {"people": {}}, "Signed": {"checkbox": {}},
     "Site": {"url": {}}, "Contact": {"email": {}}, "Phone": {"phone_number": {}},
     "Client": {"relation": {"data_source_id": "1a2b3c4d-0000-4000-8000-0000000000d1"}}}}
 ],
 "rows": [
  {"data_source_id": "1a2b3c4d-0000-4000-8000-0000000000d1", "properties": {"Name": {"title": [{"text": {"content": "Acme"}}]}}},
  {"data_source_id": "1a2b3c4d-0000-4000-8000-0000000000d2", "properties": {
     "Name": {"title": [{"text": {"content": "Website relaunch"}}]},
     "Postgres ID": {"rich_text": [{"text": {"content": "42"}}]}, "Budget": {"number": 12500.5},
     "Tier": {"select": {"name": "Gold"}}, "Tags": {"multi_select": [{"name": "urgent"}, {"name": "new"}]},
     "Stage": {"status": {"name": "In progress"}},
     "Due": {"date": {"start": "2025-03-30T02:30:00.000+02:00", "end": "2025-04-02"}},
     "Owner": {"people": [{"id": "5389a034-eb5c-47b5-8a9e-f79c99ef166c"}]}, "Signed": {"checkbox": true},
     "Site": {"url": "https://example.com/acme"}, "Contact": {"email": "grace@example.com"},
     "Phone": {"phone_number": "+49 30 1234567"}}}
 ]}
JSON

"$emulator" --port 0 --rate-limit 0 --seed "$work/seed.json" >"$work/log" 2>&1 &
pid=$!
for _ in $(seq 100); do grep -q 'listening on' "$work/log" && break; sleep 0.1; done
base=$(sed -n 's/.*listening on \(http[^ ]*\).*/\1/p' "$work/log" | head -1)
[[ -n $base ]] || { cat "$work/log" >&2; exit 1; }

# capture NAME STATUS-OVERRIDE RETRY-AFTER METHOD PATH [BODY]: the answer as a seed (STATUS-OVERRIDE "-"
# keeps the real status).
capture() {
    local name=$1 status=$2 retry=$3 method=$4 path=$5 body=${6:-}
    local args=(-s -o "$work/body" -w '%{http_code}' -X "$method" -H 'Authorization: Bearer secret_emulator'
                -H 'Notion-Version: 2025-09-03' -H 'Content-Type: application/json')
    [[ -n $body ]] && args+=(--data "$body")
    local real
    real=$(curl "${args[@]}" "$base$path")
    [[ $status == - ]] && status=$real
    python3 - "$out/$name" "$status" "$retry" "$work/body" <<'PY'
import sys
path, status, retry, body = sys.argv[1], int(sys.argv[2]), sys.argv[3], open(sys.argv[4], 'rb').read()
open(path, 'wb').write(bytes([status >> 8, status & 255]) + retry.encode() + b'\n' + body)
PY
}

mkdir -p "$out"
ds=1a2b3c4d-0000-4000-8000-0000000000d2
capture users_me - '' GET /v1/users/me
capture database - '' GET /v1/databases/1a2b3c4d-0000-4000-8000-000000000002
capture data_source - '' GET /v1/data_sources/$ds
capture query - '' POST /v1/data_sources/$ds/query '{"page_size": 100}'
page=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["id"])' "$work/body")
capture page - '' GET /v1/pages/$page
capture property_items - '' GET "/v1/pages/$page/properties/title"
capture not_found - '' GET /v1/pages/00000000-0000-4000-8000-000000000000
capture validation_error - '' PATCH /v1/pages/$page '{"properties": {"Nope": {"number": 1}}}'
capture unauthorized 401 '' GET /v1/users/me
capture rate_limited 429 '2' GET /v1/users/me
capture rate_limited_date 429 'Wed, 21 Oct 2026 07:28:00 GMT' GET /v1/users/me
capture server_error 503 '' GET /v1/users/me
echo "seeds written to $out"
