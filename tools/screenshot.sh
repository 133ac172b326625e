#!/usr/bin/env bash
# Screenshots of the notebooks for the README (docs/images/*.png).
#
#   tools/screenshot.sh [--lab] [OUT_DIR]      (OUT_DIR defaults to docs/images)
#
# Runs notebooks 01 and 02 headless with papermill on $UNIT, converts them to HTML and
# photographs the HTML with headless Chromium; with --lab it also starts JupyterLab on a
# copy of 01, runs it in the browser and photographs the live widgets (tabs Løs and
# Regler), which also checks that JupyterLab serves and runs the notebook.
# Needs a `chromium` binary (e.g. Debian's package); the project does not depend on it.
# Environment: UNIT (default sample_data/bosted_solsikken), TIME_LIMIT (default 30),
# CHROMIUM (default chromium), PORT (JupyterLab, default 8899).
set -euo pipefail

LAB=0
if [[ "${1:-}" == "--lab" ]]; then LAB=1; shift; fi
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT="$(mkdir -p "${1:-$ROOT/docs/images}" && cd "${1:-$ROOT/docs/images}" && pwd)"
UNIT="$(cd "${UNIT:-$ROOT/sample_data/bosted_solsikken}" && pwd)"
TIME_LIMIT="${TIME_LIMIT:-30}"
PORT="${PORT:-8899}"
export CHROMIUM="${CHROMIUM:-chromium}"
VENV="$ROOT/.venv/bin"
TMP="$(mktemp -d)"
LAB_PID=""
cleanup() {
    if [[ -n "$LAB_PID" ]]; then kill "$LAB_PID" 2>/dev/null || true; fi
    rm -rf "$TMP"
}
trap cleanup EXIT
command -v "$CHROMIUM" >/dev/null || { echo "chromium not found (set CHROMIUM)" >&2; exit 2; }

# A small Chrome DevTools driver (websocket-client comes with Jupyter).
cat >"$TMP/shoot.py" <<'EOF'
"""shoot.py static URL OUT.png W H [HEADING] | shoot.py lab URL OUT_DIR"""
import base64, json, os, subprocess, sys, tempfile, time, urllib.request
import signal
import websocket

signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # run the finally blocks (close chromium)

def browser(w, h, port=9339):
    ch = subprocess.Popen([os.environ["CHROMIUM"], "--headless", "--no-sandbox", "--disable-gpu",
        "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--hide-scrollbars",
        f"--user-data-dir={tempfile.mkdtemp()}", f"--window-size={w},{h}",
        f"--remote-debugging-port={port}", "about:blank"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            tabs = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/json"))
            break
        except OSError:
            time.sleep(0.2)
    ws = websocket.create_connection(
        [t for t in tabs if t["type"] == "page"][0]["webSocketDebuggerUrl"], timeout=120)
    n = [0]
    def call(method, **params):
        n[0] += 1
        ws.send(json.dumps({"id": n[0], "method": method, "params": params}))
        while True:
            r = json.loads(ws.recv())
            if r.get("id") == n[0]:
                return r.get("result", {})
    def js(expr):
        r = call("Runtime.evaluate", expression=expr, awaitPromise=True, returnByValue=True)
        return r.get("result", {}).get("value")
    def shot(path):
        data = call("Page.captureScreenshot", format="png")["data"]
        with open(path, "wb") as f:
            f.write(base64.b64decode(data))
        print("wrote", path)
    def click(sel):
        xy = js(f"(() => {{ const t = {sel}; if (!t) return null; const b = t.getBoundingClientRect();"
                " return [b.x + b.width / 2, b.y + b.height / 2]; })()")
        for typ in ("mouseMoved", "mousePressed", "mouseReleased") if xy else ():
            call("Input.dispatchMouseEvent", type=typ, x=xy[0], y=xy[1], button="left", clickCount=1)
        return bool(xy)
    call("Page.enable")
    call("Emulation.setDeviceMetricsOverride", width=w, height=h, deviceScaleFactor=1, mobile=False)
    return ch, call, js, shot, click

def heading(text):
    return ("Array.from(document.querySelectorAll('h1,h2,h3,h4'))"
            f".find(e => e.textContent.trim() === {json.dumps(text)})")

def tab(label):
    return ("Array.from(document.querySelectorAll('.jupyter-widgets .lm-TabBar-tab'))"
            f".find(e => e.textContent.trim() === {json.dumps(label)})")

mode = sys.argv[1]
if mode == "static":
    url, out, w, h = sys.argv[2], sys.argv[3], int(sys.argv[4]), int(sys.argv[5])
    ch, call, js, shot, click = browser(w, h)
    try:
        call("Page.navigate", url=url)
        time.sleep(3)
        if len(sys.argv) > 6 and not js(f"(() => {{ const e = {heading(sys.argv[6])};"
                                         " if (!e) return false; e.scrollIntoView(); return true; })()"):
            sys.exit(f"heading {sys.argv[6]!r} not found in {url}")
        time.sleep(1)
        shot(out)
    finally:
        ch.terminate(); ch.wait()
else:
    url, out = sys.argv[2], sys.argv[3]
    ch, call, js, shot, click = browser(1500, 1100)
    # Done when every code cell has an execution count and the app's tabs are shown.
    done = ("(() => { const p = Array.from(document.querySelectorAll('.jp-CodeCell .jp-InputPrompt'));"
            " return p.length > 0 && p.every(e => /\\[\\d+\\]/.test(e.textContent)); })()")
    try:
        call("Page.navigate", url=url)
        for _ in range(120):
            time.sleep(1)
            if js("!!(window.jupyterapp && document.querySelector('.jp-Notebook'))"):
                break
        else:
            sys.exit("JupyterLab did not show the notebook")
        time.sleep(5)
        js("window.jupyterapp.commands.execute('notebook:run-all-cells')")
        for _ in range(300):
            time.sleep(2)
            if js(done) and js(f"!!{tab('Løs')}"):
                break
        else:
            sys.exit("the notebook did not finish in JupyterLab")
        time.sleep(3)
        js("window.jupyterapp.commands.execute('notebook:hide-all-cell-code')")
        js("window.jupyterapp.shell.collapseLeft()")
        click("Array.from(document.querySelectorAll('button')).find(e => e.textContent.trim() === 'No')")
        time.sleep(2)
        js("document.querySelector('.jupyter-widgets').scrollIntoView()")
        time.sleep(1)
        shot(os.path.join(out, "jupyterlab_loes.png"))
        if not click(tab("Regler")):
            sys.exit("tab Regler not found")
        time.sleep(4)
        js("document.querySelector('.jupyter-widgets').scrollIntoView()")
        time.sleep(1)
        shot(os.path.join(out, "jupyterlab_regler.png"))
    finally:
        ch.terminate(); ch.wait()
EOF

# Drop the saved widget views so nbconvert shows the apps' static HTML (the widget
# JavaScript would come from a CDN).
to_html() {
    "$VENV/python" - "$1" <<'EOF'
import json, sys
nb = json.load(open(sys.argv[1], encoding="utf-8"))
nb.get("metadata", {}).pop("widgets", None)
for c in nb["cells"]:
    for o in c.get("outputs", []):
        o.get("data", {}).pop("application/vnd.jupyter.widget-view+json", None)
json.dump(nb, open(sys.argv[1], "w", encoding="utf-8"))
EOF
    "$VENV/jupyter" nbconvert --to html --no-input --log-level=WARN "$1"
}

cd "$ROOT/notebooks"
echo "01: planner's workbench on $UNIT"
"$VENV/papermill" --log-level WARNING 01_vagtplan.ipynb "$TMP/01.ipynb" \
    -p unit_dir "$UNIT" -p time_limit_s "$TIME_LIMIT" -p workers 2 -p auto_solve True
to_html "$TMP/01.ipynb"
"$VENV/python" "$TMP/shoot.py" static "file://$TMP/01.html" "$OUT/vagtplan.png" 1750 1080

echo "02: Lokal-MED review (recommendations against law_dk)"
"$VENV/workbench" solve "$UNIT" --rules "$ROOT/constraints/recommendations.yaml" \
    --time-limit $((TIME_LIMIT * 2)) --workers 2 --out "$TMP/rec" >/dev/null
"$VENV/papermill" --log-level WARNING 02_lokal_med.ipynb "$TMP/02.ipynb" \
    -p unit_dir "$UNIT" -p rules "$ROOT/constraints/recommendations.yaml" \
    -p roster "$TMP/rec/roster.csv" -p compare "$ROOT/constraints/law_dk.yaml" \
    -p time_limit_s "$TIME_LIMIT" -p workers 2
to_html "$TMP/02.ipynb"
"$VENV/python" "$TMP/shoot.py" static "file://$TMP/02.html" "$OUT/lokal_med_anbefalinger.png" \
    1400 1000 "De 14 anbefalinger"
"$VENV/python" "$TMP/shoot.py" static "file://$TMP/02.html" "$OUT/lokal_med_sammenligning.png" \
    1400 1000 "Sammenligning"

if [[ "$LAB" == 1 ]]; then
    echo "JupyterLab: 01 with auto_solve"
    mkdir -p "$TMP/lab"
    "$VENV/python" - "$ROOT" "$UNIT" "$TMP/lab/01_vagtplan.ipynb" <<'EOF'
import json, sys
root, unit, dst = sys.argv[1:]
nb = json.load(open(f"{root}/notebooks/01_vagtplan.ipynb", encoding="utf-8"))
for c in nb["cells"]:
    if "parameters" in c["metadata"].get("tags", []):
        c["source"] = "".join(c["source"]) + (
            f"\nunit_dir = {unit!r}\nrules = {root + '/constraints/law_dk.yaml'!r}\nauto_solve = True\n")
json.dump(nb, open(dst, "w", encoding="utf-8"), ensure_ascii=False)
EOF
    lab_args=(--no-browser --port "$PORT" --ServerApp.ip=127.0.0.1 --IdentityProvider.token=
              --LabApp.expose_app_in_browser=True --ServerApp.root_dir="$TMP/lab")
    if [[ "$(id -u)" == 0 ]]; then lab_args+=(--allow-root); fi
    "$VENV/jupyter" lab "${lab_args[@]}" >"$TMP/lab.log" 2>&1 &
    LAB_PID=$!
    for _ in $(seq 60); do
        curl -sf -o /dev/null "http://127.0.0.1:$PORT/lab" && break
        sleep 1
    done
    "$VENV/python" "$TMP/shoot.py" lab "http://127.0.0.1:$PORT/lab/tree/01_vagtplan.ipynb" "$OUT"
fi
ls -l "$OUT"/*.png
