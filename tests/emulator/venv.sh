# Sourced by the sandbox and vendor scripts: makes tests/.venv hold the pinned
# requirements (the Rust test harness does the same, with the same marker file).
emulator_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
venv="$emulator_dir/../.venv"
if ! cmp -s "$emulator_dir/requirements.txt" "$venv/installed-requirements.txt" 2>/dev/null; then
  echo "setting up the emulator's virtualenv in tests/.venv (about 30 s, once) …" >&2
  "${PYTHON:-python3}" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check -r "$emulator_dir/requirements.txt"
  cp "$emulator_dir/requirements.txt" "$venv/installed-requirements.txt"
fi
python="$venv/bin/python"
