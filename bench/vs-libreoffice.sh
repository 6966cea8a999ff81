#!/bin/sh
# bench/vs-libreoffice.sh BUILD_DIR [RUNS]
#
# What staff use today against Gongkai, side by side in one run on the same
# files (bench/README.md):
#   - a generated 10,000-item catalog as XLSX (written by gongkai-cli export)
#     to HTML: `soffice --headless --convert-to html` against
#     `gongkai-cli import` + `gongkai-cli export --format html`;
#   - a 1,000-item catalog as XLSX to PDF: `soffice --convert-to pdf` against
#     `gongkai-cli import` + `gongkai-cli export --format pdf`.
# Wall time is the median of RUNS; peak memory is the largest resident set
# of any process of the pipeline (GNU time's "Maximum resident set size").
set -eu

build=$(cd "${1:?usage: vs-libreoffice.sh BUILD_DIR [RUNS]}" && pwd)
runs=${2:-5}
cli="$build/src/cli/gongkai-cli"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
cd "$work"

for n in 10000 1000; do
  "$build/bench/gk-bench" generate --items $n -o "catalog-$n.json" >/dev/null 2>&1
  "$cli" export "catalog-$n.json" --format xlsx -o "catalog-$n.xlsx" >/dev/null
done

# A private LibreOffice profile, created once before timing, as on an
# office PC where it has been started before.
profile="-env:UserInstallation=file://$work/lo-profile"
soffice "$profile" --headless --convert-to html --outdir warm catalog-1000.xlsx >/dev/null 2>&1 || true

# $1: label; the rest: the command. Prints "label ms kib" per run.
measure ()
{
  label=$1
  shift
  i=0
  while [ $i -lt "$runs" ]; do
    start=$(date +%s%N)
    /usr/bin/time -f '%M' -o time.out "$@" >/dev/null 2>&1
    end=$(date +%s%N)
    echo "$label $(( (end - start) / 1000000 )) $(tail -n 1 time.out)" >> results
    i=$((i + 1))
  done
}

# Each step of the pipeline under its own GNU time, so peak memory is that
# of the largest process, like soffice.bin for LibreOffice.
measure soffice-html soffice "$profile" --headless --convert-to html --outdir lo catalog-10000.xlsx
measure gongkai-import-10k "$cli" import catalog-10000.xlsx --force -o imported.json
measure gongkai-export-html-10k "$cli" export imported.json --format html -o out.html
measure soffice-pdf soffice "$profile" --headless --convert-to pdf --outdir lo catalog-1000.xlsx
measure gongkai-import-1k "$cli" import catalog-1000.xlsx --force -o imported-1k.json
measure gongkai-export-pdf-1k "$cli" export imported-1k.json --format pdf -o out.pdf

median ()
{
  sort -n | awk '{ v[NR] = $1 } END { if (NR) print v[int((NR + 1) / 2)] }'
}

value ()
{
  # $1 label, $2 column (2 = ms, 3 = KiB)
  awk -v l="$1" -v c="$2" '$1 == l { print $c }' results | median
}

echo "runs: $runs, medians; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "| step | wall | peak RSS |"
echo "| --- | ---: | ---: |"
for l in soffice-html gongkai-import-10k gongkai-export-html-10k \
         soffice-pdf gongkai-import-1k gongkai-export-pdf-1k; do
  printf '| %s | %s ms | %s MiB |\n' "$l" "$(value $l 2)" "$(( $(value $l 3) / 1024 ))"
done

lo_html=$(value soffice-html 2)
gk_html=$(( $(value gongkai-import-10k 2) + $(value gongkai-export-html-10k 2) ))
lo_pdf=$(value soffice-pdf 2)
gk_pdf=$(( $(value gongkai-import-1k 2) + $(value gongkai-export-pdf-1k 2) ))
lo_mem=$(value soffice-html 3)
gk_mem=$(value gongkai-import-10k 3)
gk_mem2=$(value gongkai-export-html-10k 3)
[ "$gk_mem2" -gt "$gk_mem" ] && gk_mem=$gk_mem2
awk -v a="$lo_html" -v b="$gk_html" -v c="$lo_pdf" -v d="$gk_pdf" -v m="$lo_mem" -v n="$gk_mem" 'BEGIN {
  printf "10k XLSX to HTML: soffice %d ms, gongkai-cli import+export %d ms: %.1fx faster\n", a, b, a / b
  printf "peak memory: soffice %.0f MiB, gongkai-cli %.0f MiB: %.2f of it\n", m / 1024, n / 1024, n / m
  printf "1k XLSX to PDF: soffice %d ms, gongkai-cli import+export %d ms: %.1fx faster\n", c, d, c / d
}'
