#!/usr/bin/env bash
# .github/scripts/web-deploy for real, with the real aws CLI, against the
# local S3 and CloudFront stand-ins (tests/aws/servers.mjs): two deploys of
# the web app's build, checking what a browser and CloudFront would get.
#   - every file of the build is in the bucket (the Vite manifest is not);
#   - hashed assets: Cache-Control public,max-age=31536000,immutable and
#     their type; index.html: no-cache, text/html;
#   - a second deploy replaces index.html, keeps the previous build's assets
#     (pages still open in browsers load them), removes other stale files;
#   - each deploy asks CloudFront to invalidate / and /index.html.
#
# Usage: bash tests/e2e/web_deploy.sh PATH_TO_AGORA_BINARY (not used: no agora here)
set -Euo pipefail
# shellcheck source-path=SCRIPTDIR source=lib/common.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
# shellcheck source-path=SCRIPTDIR source=lib/aws_stand_ins.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib/aws_stand_ins.sh"
e2e_init web_deploy "${1:-}"

command -v aws >/dev/null || e2e_fail "the aws CLI is not installed (scripts/setup installs awscli)"
dist=$E2E_ROOT/web/dist
if [[ ! -f $dist/index.html ]]; then
    "$E2E_ROOT/scripts/web" build >"$E2E_TMP/web-build.log" 2>&1 || { cat "$E2E_TMP/web-build.log" >&2; e2e_fail "the web app did not build"; }
fi
aws_stand_ins_start
export AWS_DEFAULT_REGION=$AWSTEST_REGION AWS_ENDPOINT_URL_S3=$AWSTEST_S3_ENDPOINT \
    AWS_ENDPOINT_URL_CLOUDFRONT=$AWSTEST_CLOUDFRONT_ENDPOINT AWS_CONFIG_FILE=/dev/null
bucket=$AWSTEST_S3_BUCKET
invalidations=$E2E_TMP/s3/cloudfront-invalidations.jsonl
failures=0
check() {  # DESCRIPTION CONDITION...
    local what=$1
    shift
    if "$@"; then e2e_log "ok: $what"; else e2e_log "FAILED: $what"; failures=$((failures + 1)); fi
}
# A header of an object, or "-" when the object is not there.
field() {
    local head
    head=$(aws s3api head-object --bucket "$bucket" --key "$1" --output json 2>/dev/null) || { echo -; return; }
    jq -r "$2 // \"-\"" <<<"$head"
}
keys() { aws s3api list-objects-v2 --bucket "$bucket" --query 'Contents[].Key' --output text | tr '\t' '\n' | sort; }
deploy() { "$E2E_ROOT/.github/scripts/web-deploy" "$bucket" EDISTRIBUTION1 "$1" >"$E2E_TMP/deploy.log" 2>&1 || { cat "$E2E_TMP/deploy.log" >&2; e2e_fail "web-deploy $1 failed"; }; }

# ---------------------------------------------------------------- first deploy
first=$E2E_TMP/first
cp -r "$dist" "$first"
echo "stale" >"$first/old-robots.txt"  # a non-asset file the next build drops
deploy "$first"
mapfile -t built < <(cd "$first" && find . -type f ! -path './.vite/*' | sed 's|^\./||' | sort)
check "all ${#built[@]} files of the build are in the bucket, the Vite manifest is not" \
    test "$(keys)" == "$(printf '%s\n' "${built[@]}")"
js=$(cd "$first" && find assets -name '*.js' | head -1)
css=$(cd "$first" && find assets -name '*.css' | head -1)
check "a hashed script is cached for a year, immutable ($js)" \
    test "$(field "$js" .CacheControl)" == "public,max-age=31536000,immutable"
check "and served as JavaScript" grep -q javascript <<<"$(field "$js" .ContentType)"
check "a hashed stylesheet too, as text/css ($css)" \
    test "$(field "$css" .CacheControl)/$(field "$css" .ContentType)" == "public,max-age=31536000,immutable/text/css"
check "index.html is revalidated on every load (no-cache), as text/html" \
    test "$(field index.html .CacheControl)/$(field index.html .ContentType)" == "no-cache/text/html"
aws s3 cp "s3://$bucket/index.html" "$E2E_TMP/served.html" >/dev/null
check "index.html in the bucket is the build's" cmp -s "$E2E_TMP/served.html" "$first/index.html"

# ---------------------------------------------------------------- second deploy
# The next release: a new hashed script referenced by a new index.html.
second=$E2E_TMP/second
cp -r "$dist" "$second"
new_js=assets/next-release-$(openssl rand -hex 4).js
echo 'console.log("next release");' >"$second/$new_js"
sed -i "s|</head>|<script type=\"module\" src=\"/$new_js\"></script></head>|" "$second/index.html"
deploy "$second"
check "the new release's asset is there" test "$(field "$new_js" .CacheControl)" == "public,max-age=31536000,immutable"
check "the previous release's assets stay for pages still open" grep -q javascript <<<"$(field "$js" .ContentType)"
check "a stale non-asset file is removed" test "$(field old-robots.txt .ContentType)" == "-"
aws s3 cp "s3://$bucket/index.html" "$E2E_TMP/served.html" >/dev/null
check "index.html is the new release's" cmp -s "$E2E_TMP/served.html" "$second/index.html"

# ---------------------------------------------------------------- CloudFront
check "each deploy invalidated / and /index.html of the distribution" \
    test "$(jq -c '[.distribution, (.paths | sort)]' "$invalidations" 2>/dev/null | sort | uniq -c | tr -s ' ')" == \
    ' 2 ["EDISTRIBUTION1",["/","/index.html"]]'

((failures == 0)) || { cat "$E2E_TMP/servers.log" >&2; e2e_fail "$failures check(s) failed"; }
e2e_log "PASS"
