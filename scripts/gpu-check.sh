#!/usr/bin/env bash
# The prepared CUDA check: run it the day a GPU is at hand. Under 8 minutes on one GPU, no network.
#
#   scripts/gpu-check.sh                  # everything; prints one summary block at the end
#   scripts/gpu-check.sh --find-libtorch  # only the libtorch search: prints the folder it would use, or why none
#
# What it runs, in order, each step logged to $OUT (default results/gpu-check-<UTC time>):
#   1. finds a CUDA build of libtorch 2.7.1 (DJL 0.36's JNI glue is built for that version only; Maven Central has
#      no CUDA native jar): the folder in $W2SG_LIBTORCH, else $PYTORCH_LIBRARY_PATH, else the lib folder of the
#      torch that $W2SG_PYTHON (default: python3, python) imports when it is 2.7.1 with CUDA, else DJL's cache
#      (~/.djl.ai/pytorch/2.7.1-cu*). When none fits it says what it found where, and stops (exit 3).
#   2. harness env (needs a usable cuda:0 verdict, else stops: exit 4)
#   3. the GPU tests (JUnit tag "gpu": fixtures on cuda float32/float16, extraction cuda vs cpu, pretrain step when
#      present), with Maven offline when it is there
#   4. bench forward --device cuda, float16 and float32, pythia-160m and pythia-1b shapes (tokens/s, TFLOP/s, the
#      fraction of the card's matmul rate measured in the same run)
#   5. bench extract --device cuda, and bench pretrain --device cuda when the jar has it
#
# Settings: HARNESS_JAR (default target/harness.jar, built with 'mvn -o -Pcuda -DskipTests package' when missing),
# OUT, W2SG_LIBTORCH, W2SG_PYTHON, JAVA_HOME, W2SG_SHARED.
set -uo pipefail
cd "$(dirname "$0")/.."

REQUIRED=$(sed -n 's|.*<pytorch.version>\(.*\)</pytorch.version>.*|\1|p' pom.xml | head -1)
REQUIRED=${REQUIRED:-2.7.1}
LOOKED=()   # one line per candidate: what was found where

# The version a libtorch lib folder states: pip's ../version.py, the libtorch zip's ../build-version, DJL's folder name.
stated_version() {
  local lib=$1 up
  up=$(dirname "$lib")
  if [ -f "$up/version.py" ]; then
    sed -n "s/^__version__ *= *['\"]\([^'\"]*\)['\"].*/\1/p" "$up/version.py" | head -1
  elif [ -f "$up/build-version" ]; then
    head -1 "$up/build-version" | tr -d '[:space:]'
  else
    basename "$lib" | sed -n 's/^\([0-9]*\.[0-9]*\.[0-9]*\)\(-[0-9]*\)\{0,1\}-\(cpu\|cu[0-9]*\).*/\1/p'
  fi
}

# Accepts a lib folder when it holds libtorch.so and libtorch_cuda.so and states version $REQUIRED (or states none
# and was named explicitly: the harness then checks it on loading). Records why not otherwise.
consider() {
  local what=$1 lib=$2 explicit=${3:-no} version
  if [ ! -f "$lib/libtorch.so" ]; then
    LOOKED+=("$what: $lib has no libtorch.so"); return 1
  fi
  version=$(stated_version "$lib")
  if [ ! -f "$lib/libtorch_cuda.so" ]; then
    LOOKED+=("$what: $lib is libtorch ${version:-of unstated version} without CUDA (no libtorch_cuda.so)"); return 1
  fi
  if [ -z "$version" ] && [ "$explicit" != yes ]; then
    LOOKED+=("$what: $lib does not state its version"); return 1
  fi
  if [ -n "$version" ] && [ "${version%%[+-]*}" != "$REQUIRED" ]; then
    LOOKED+=("$what: $lib is libtorch $version, not $REQUIRED"); return 1
  fi
  LIBTORCH=$lib
  LIBTORCH_VERSION=${version:-unstated}
  LIBTORCH_FROM=$what
  return 0
}

find_libtorch() {
  LIBTORCH=""
  if [ -n "${W2SG_LIBTORCH:-}" ]; then consider "W2SG_LIBTORCH" "$W2SG_LIBTORCH" yes && return 0
  else LOOKED+=("W2SG_LIBTORCH: not set"); fi
  if [ -n "${PYTORCH_LIBRARY_PATH:-}" ]; then consider "PYTORCH_LIBRARY_PATH" "${PYTORCH_LIBRARY_PATH%%:*}" yes && return 0
  else LOOKED+=("PYTORCH_LIBRARY_PATH: not set"); fi
  local py seen="" exe out version lib cuda
  for py in ${W2SG_PYTHON:-python3 python}; do
    if ! command -v "$py" >/dev/null 2>&1; then LOOKED+=("$py: not on PATH"); continue; fi
    py=$(command -v "$py")
    exe=$(timeout 60 "$py" -c 'import os, sys; print(os.path.realpath(sys.executable))' 2>/dev/null)
    case " $seen " in *" ${exe:-$py} "*) continue ;; esac   # python and python3 are often one interpreter
    seen="$seen ${exe:-$py}"
    out=$(timeout 120 "$py" -c 'import os, torch; print(torch.__version__); print(os.path.join(os.path.dirname(torch.__file__), "lib")); print(torch.version.cuda or "")' 2>&1)
    if [ $? -ne 0 ]; then
      LOOKED+=("$py: no usable torch ($(printf '%s' "$out" | tail -1))"); continue
    fi
    version=$(printf '%s\n' "$out" | sed -n 1p); lib=$(printf '%s\n' "$out" | sed -n 2p); cuda=$(printf '%s\n' "$out" | sed -n 3p)
    if [ "${version%%[+-]*}" != "$REQUIRED" ]; then
      LOOKED+=("$py: torch $version at $lib${cuda:+ (CUDA $cuda)}: not $REQUIRED"); continue
    fi
    if [ -z "$cuda" ]; then LOOKED+=("$py: torch $version at $lib is a CPU build"); continue; fi
    consider "$py (torch $version, CUDA $cuda)" "$lib" yes && return 0
  done
  local cache=${DJL_CACHE_DIR:-$HOME/.djl.ai}/pytorch d found=no
  for d in "$cache/$REQUIRED"-cu*; do
    [ -d "$d" ] || continue
    found=yes
    consider "DJL's cache" "$d" && return 0
  done
  [ "$found" = yes ] || LOOKED+=("DJL's cache: no $cache/$REQUIRED-cu* folder")
  return 1
}

no_libtorch() {
  echo "gpu-check: no CUDA build of libtorch $REQUIRED found, so nothing was run."
  echo "  DJL 0.36's JNI glue works with libtorch $REQUIRED only. Looked at:"
  local l
  for l in "${LOOKED[@]}"; do echo "    - $l"; done
  echo "  To fix (needs the network once): python3 -m venv ~/torch271 && ~/torch271/bin/pip install torch==$REQUIRED \\"
  echo "      --index-url https://download.pytorch.org/whl/cu128, then W2SG_PYTHON=~/torch271/bin/python $0"
  echo "  (or W2SG_LIBTORCH=<the lib folder of the libtorch $REQUIRED CUDA zip>)."
}

if [ "${1:-}" = "--find-libtorch" ]; then
  if find_libtorch; then echo "$LIBTORCH"; exit 0; fi
  no_libtorch; exit 3
fi

START=$(date +%s)
if ! find_libtorch; then no_libtorch; exit 3; fi
echo "gpu-check: libtorch $LIBTORCH_VERSION from $LIBTORCH_FROM: $LIBTORCH"
export PYTORCH_LIBRARY_PATH=$LIBTORCH
unset PYTORCH_VERSION PYTORCH_FLAVOR   # the harness picks them for the folder
export OPT_OUT_TRACKING=true HF_HUB_OFFLINE=1
[ -n "${JAVA_HOME:-}" ] && export PATH="$JAVA_HOME/bin:$PATH"

OUT=${OUT:-results/gpu-check-$(date -u +%Y%m%dT%H%M%SZ)}
mkdir -p "$OUT"
JAR=${HARNESS_JAR:-target/harness.jar}
if [ ! -f "$JAR" ]; then
  echo "gpu-check: $JAR missing: building it (mvn -o -Pcuda -DskipTests package)"
  mvn -o -q -B -Pcuda -DskipTests package > "$OUT/build.log" 2>&1 || { echo "gpu-check: build failed, see $OUT/build.log"; exit 5; }
fi
harness() { timeout "$1" java -jar "$JAR" "${@:2}"; }
BUDGET=450   # seconds after which the remaining benchmarks are skipped, so the whole check stays under 8 minutes
in_budget() { [ $(( $(date +%s) - START )) -lt $BUDGET ]; }

# 2. the machine
harness 60 env > "$OUT/env.txt" 2>&1
harness 60 env --json > "$OUT/env.json" 2>/dev/null
cat "$OUT/env.txt"
if ! grep -q '^  cuda:0.*usable for float16 and float32' "$OUT/env.txt"; then
  echo "gpu-check: harness env gives no cuda:0 usable for float16 and float32 (verdicts above); stopping."
  exit 4
fi

# 3. the GPU tests
TESTS="not run: no Maven on this machine"
if command -v mvn >/dev/null 2>&1; then
  timeout 180 mvn -o -B test -Dgroups=gpu -Dsurefire.failIfNoSpecifiedTests=false > "$OUT/gpu-tests.log" 2>&1
  rc=$?
  TESTS=$(grep -E '^\[(INFO|ERROR|WARNING)\] Tests run: [0-9]+, Failures' "$OUT/gpu-tests.log" | tail -1 | sed 's/^\[[A-Z]*\] //')
  TESTS="${TESTS:-no test summary} (exit $rc; $OUT/gpu-tests.log)"
fi

# 4-5. benchmarks
BENCH=()
bench_line() {  # name, log: tokens/s, TFLOP/s, matmul rates from bench forward's lines
  local name=$1 log=$2 rc=$3 fwd peak ratio
  fwd=$(grep -m1 '^  forward' "$log" | sed 's/^  forward *: //')
  ratio=$(grep -m1 '^  ratio' "$log" | sed 's/^  ratio *: //')
  peak=$(grep -m1 '^  gpu peak' "$log" | sed 's/^  gpu peak: //')
  BENCH+=("$name: ${fwd:-no result (exit $rc, see $log)}")
  [ -n "$peak" ] && BENCH+=("    card: $peak")
  [ -n "$ratio" ] && BENCH+=("    small-matmul ratio: $ratio")
}
for shape in pythia-160m pythia-1b; do
  for dtype in float16 float32; do
    log="$OUT/bench-forward-$shape-$dtype.txt"
    if ! in_budget; then BENCH+=("bench forward $shape $dtype: skipped (time budget)"); continue; fi
    harness 90 bench forward --like "$shape" --device cuda --dtype "$dtype" --batch 16 --seq 512 \
        --iterations 10 --warmup 2 > "$log" 2>&1
    bench_line "bench forward $shape $dtype" "$log" $?
  done
done
log="$OUT/bench-extract.txt"
if in_budget; then
  harness 90 bench extract --device cuda > "$log" 2>&1
  rc=$?
  BENCH+=("bench extract cuda: $(grep -m1 '^  extraction' "$log" | sed 's/^  extraction: //') (exit $rc)")
else
  BENCH+=("bench extract cuda: skipped (time budget)")
fi
if ! in_budget; then
  BENCH+=("bench pretrain: skipped (time budget)")
elif harness 60 bench pretrain --help > /dev/null 2>&1; then
  log="$OUT/bench-pretrain.txt"
  harness 90 bench pretrain --device cuda > "$log" 2>&1
  BENCH+=("bench pretrain cuda: exit $?, $(grep -v '^\[' "$log" | sed -n 2p)")
else
  BENCH+=("bench pretrain: not in this jar")
fi

echo
echo "==================== gpu-check summary ===================="
echo "card      : $(grep -m1 '^nvidia-smi' "$OUT/env.txt" | sed 's/^nvidia-smi *: //')"
echo "libtorch  : $LIBTORCH_VERSION ($LIBTORCH_FROM) $LIBTORCH"
grep '^  cuda:' "$OUT/env.txt" | sed 's/^  /verdict   : /'
echo "gpu tests : $TESTS"
for b in "${BENCH[@]}"; do echo "$b"; done
echo "time      : $(( $(date +%s) - START )) s; logs in $OUT"
echo "==========================================================="
