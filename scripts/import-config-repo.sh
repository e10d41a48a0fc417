#!/usr/bin/env bash
# Imports a Spring Cloud Config native repository (a folder of application*.yml,
# {app}*.yml, {app}-{profile}.properties, ...) into one env of an MCP Config center.
#
#   scripts/import-config-repo.sh DIR ENV [--dry-run]
#
# MCP_SERVER (default http://localhost:8070) and MCP_TOKEN (a publisher or admin token)
# say where and as whom. Prints the center's report; exits non-zero when it refused.
set -euo pipefail

if [[ $# -lt 2 ]]; then
  sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//'
  exit 64
fi
dir=$1
env=$2
query="env=$env"
# only a dry run names dryRun: the center refuses dryRun=false
[[ ${3:-} == "--dry-run" ]] && query+="&dryRun=true"
server=${MCP_SERVER:-http://localhost:8070}

archive=$(mktemp --suffix=.tar.gz)
trap 'rm -f "$archive"' EXIT
# only the files at the root: Spring Cloud Config's default search location
(cd "$dir" && find . -maxdepth 1 -type f \( -name '*.yml' -o -name '*.yaml' -o -name '*.properties' \) -print0 \
  | tar czf "$archive" --null -T -)

auth=()
[[ -n ${MCP_TOKEN:-} ]] && auth=(-H "Authorization: Bearer $MCP_TOKEN")
curl --fail-with-body --silent --show-error --max-time 60 -X POST "${auth[@]}" \
  -H 'Content-Type: application/gzip' --data-binary @"$archive" \
  "$server/api/v1/import?$query"
echo
