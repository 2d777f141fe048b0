# Sourced by the sandbox and vendor scripts: makes tests/.venv hold the pinned
# requirements (the Rust test harness does the same, with the same marker file and the
# same lock, so runs that start together install once and never into each other).
emulator_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# TRIGGER_PRIVATELINK_VENV: another place for it (the harness's test of this script).
venv="${TRIGGER_PRIVATELINK_VENV:-$emulator_dir/../.venv}"
if ! cmp -s "$emulator_dir/requirements.txt" "$venv/installed-requirements.txt" 2>/dev/null; then
  exec 9>"$venv.lock"
  flock 9
  # Another run may have installed it while this one waited for the lock.
  if ! cmp -s "$emulator_dir/requirements.txt" "$venv/installed-requirements.txt" 2>/dev/null; then
    echo "setting up the emulator's virtualenv in $venv (about 30 s, once) …" >&2
    "${PYTHON:-python3}" -m venv "$venv"
    "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$emulator_dir/requirements.txt"
    cp "$emulator_dir/requirements.txt" "$venv/installed-requirements.txt"
  fi
  exec 9>&-
fi
python="$venv/bin/python"
