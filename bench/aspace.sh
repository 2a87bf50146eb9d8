#!/bin/sh
# bench/aspace.sh: fonds beside ArchivesSpace's PDF pipeline (issue 20).
#
#   bench/aspace.sh EAD STYLESHEETS [SOURCE]
#
# EAD          the finding aid, as EAD 2002: the IISH's Karl Marx / Friedrich
#              Engels Papers (ARCH00860, 4,055 components) for the figures in
#              bench/RESULTS.md (README, "Performance", says where to get it)
# STYLESHEETS  the stylesheets folder of a copy of ArchivesSpace
#              (github.com/archivesspace/archivesspace, stylesheets/):
#              as-ead-pdf.xsl, as-helper-functions.xsl, fop-config.xml,
#              fonts/ and ArchivesSpaceLogo_for_pdf.png
# SOURCE       where the stylesheets come from, for the record (repository,
#              path and commit); by default the commit of STYLESHEETS when it
#              is in a git checkout
#
# It runs ArchivesSpace's as-ead-pdf.xsl through Saxon-HE into FOP, in one
# Java process as ArchivesSpace does, and fonds build on the same finding aid
# imported with fonds import, a few times each, alternating; then compares
# the words the two PDFs print (pdftotext). The figures go into
# bench/RESULTS.md, in place of the section the last run wrote; make bench
# keeps that section. It fetches nothing: Saxon-HE and FOP come from the
# system (Debian: apt-get install libsaxonhe-java fop poppler-utils), or
# from SAXON_JAR and FOP_CLASSPATH.
set -eu

if [ $# -lt 2 ]; then
	sed -n '2,/^set -eu/p' "$0" | sed 's/^# \{0,1\}//; /^set -eu/d' >&2
	exit 2
fi
ead=$1
xsl=$2
source=${3:-}
cd "$(dirname "$0")/.."

for tool in java pdftotext pdfinfo go; do
	command -v "$tool" >/dev/null || { echo "bench/aspace.sh: $tool is not installed" >&2; exit 1; }
done

# Saxon-HE, then FOP and the libraries Debian's fop script puts on its class
# path (but Xalan: the transformation is Saxon's).
saxon=${SAXON_JAR:-/usr/share/java/Saxon-HE.jar}
[ -f "$saxon" ] || { echo "bench/aspace.sh: no Saxon-HE at $saxon; install libsaxonhe-java or set SAXON_JAR" >&2; exit 1; }
cp=$saxon
if [ -n "${FOP_CLASSPATH:-}" ]; then
	cp=$cp:$FOP_CLASSPATH
else
	for jar in fop xmlgraphics-commons batik-all commons-io commons-logging serializer xml-apis xml-apis-ext xercesImpl fontbox2; do
		[ -f "/usr/share/java/$jar.jar" ] && cp=$cp:/usr/share/java/$jar.jar
	done
	[ -f /usr/share/java/fop.jar ] || { echo "bench/aspace.sh: no FOP in /usr/share/java; install fop or set FOP_CLASSPATH" >&2; exit 1; }
fi

if [ -z "$source" ] && rev=$(git -C "$xsl" rev-parse HEAD 2>/dev/null); then
	source="archivesspace/archivesspace, stylesheets/, commit $rev"
fi

go build -trimpath -o bin/fonds ./cmd/fonds
go build -o bin/fondsbench ./cmd/fondsbench
exec ./bin/fondsbench -fonds bin/fonds -runs "${RUNS:-3}" -o bench/RESULTS.md \
	-aspace-ead "$ead" -aspace-xsl "$xsl" -aspace-cp "$cp" -aspace-rev "$source"
