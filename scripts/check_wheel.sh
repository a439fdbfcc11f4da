#!/usr/bin/env bash
# Release check: build narrator's wheel, install it into a fresh virtual environment outside the checkout, and
# narrate the bundled pasted news page from an empty folder elsewhere with the packaged rules. Fails unless the page
# furniture is gone, the state went to the platform data folder and the working folder stayed empty.
# Usage: scripts/check_wheel.sh [PYTHON]   (default: python3; dependencies come from pip's cache or the index)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${1:-python3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/narrator-wheel.XXXXXX")"
trap 'rm -rf "$work"' EXIT
fail() { echo "check_wheel: $*" >&2; exit 1; }
unset PYTHONPATH

# Build from a copy of the checkout's files, so the checkout gets no build/ or *.egg-info.
"$python" - "$root" "$work/src" <<'PY'
import shutil, subprocess, sys
from pathlib import Path
root, dest = Path(sys.argv[1]), Path(sys.argv[2])
try:
    listed = subprocess.run(["git", "-C", str(root), "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
                            capture_output=True, check=True).stdout.decode().split("\0")
except (OSError, subprocess.CalledProcessError):  # not a git checkout (an unpacked sdist): take everything
    listed = [str(p.relative_to(root)) for p in root.rglob("*") if p.is_file()]
for name in filter(None, listed):
    if (root / name).is_file():
        (dest / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(root / name, dest / name)
PY
quietly() { "$@" >"$work/log" 2>&1 || { cat "$work/log" >&2; fail "failed: $*"; }; }
quietly "$python" -m pip wheel --no-deps --wheel-dir "$work/dist" "$work/src"
wheel=$(ls "$work"/dist/narrator-*.whl)
"$python" - "$wheel" <<'PY'
import sys, zipfile
names = set(zipfile.ZipFile(sys.argv[1]).namelist())
needed = ["narrator/defaults/narrator.toml", "narrator/defaults/boilerplate.toml", "narrator/defaults/lexicon.toml",
          "narrator/samples/harbour-lights.txt", "narrator/web/templates/listen.html", "narrator/migrations/env.py"]
missing = [n for n in needed if n not in names]
if missing:
    sys.exit(f"check_wheel: the wheel lacks {', '.join(missing)}")
PY

quietly "$python" -m venv "$work/venv"
quietly "$work/venv/bin/python" -m pip install --disable-pip-version-check "$wheel"

# Another folder, a clean environment: no NARRATOR_* variables, no checkout, state in a private XDG data folder.
mkdir "$work/elsewhere" "$work/home"
run() { (cd "$work/elsewhere" && env -i PATH="$work/venv/bin:/usr/bin:/bin" HOME="$work/home" LANG=C.UTF-8 \
         XDG_DATA_HOME="$work/xdg" "$work/venv/bin/narrator" "$@"); }
sample=$(cd "$work/elsewhere" && "$work/venv/bin/python" -c 'import narrator, pathlib; print(pathlib.Path(narrator.__file__).parent / "samples" / "harbour-lights.txt")')
case "$sample" in "$work/venv/"*) ;; *) fail "narrator was imported from $sample, not the fresh environment" ;; esac

config=$(run config)
site="$(dirname "$sample")/.."
grep -qx "# boilerplate.toml: $(cd "$site" && pwd)/defaults/boilerplate.toml" <<<"$config" \
  || fail "the packaged furniture rules were not read: $(grep '^# boilerplate' <<<"$config")"
grep -qx "data_dir = \"$work/xdg/narrator\"  # default (platform user data folder)" <<<"$config" \
  || fail "state is not in the platform data folder: $(grep '^data_dir' <<<"$config")"

mp3=$(run narrate "$sample" --engine pyttsx3 | tail -n 1)
[ "$mp3" = "$work/xdg/narrator/audio/the-town-that-voted-to-keep-its-harbour-lights-on.mp3" ] \
  || fail "unexpected output path or title: $mp3"
[ -s "$mp3" ] || fail "no MP3 at $mp3"
transcript="$work/transcript.txt"
sed -E 's/<[0-9]{2}:[0-9]{2}:[0-9]{2}\.[0-9]{3}>//g' "${mp3%.mp3}.vtt" > "$transcript"
grep -q "For most of the last century the lights on Porthwen" "$transcript" || fail "the article body is missing"
for furniture in "Listen to Steve" "read this article" "Getty Images" "Image caption" "Copyright" \
                 "All rights reserved" "Related topics" "external linking"; do
  if grep -qi "$furniture" "$transcript"; then fail "page furniture was narrated: '$furniture'"; fi
done
[ -z "$(ls -A "$work/elsewhere")" ] || fail "files were left in the working folder: $(ls -A "$work/elsewhere")"
echo "check_wheel: ok: $(basename "$wheel") installed outside the checkout narrates the bundled page without its furniture"
