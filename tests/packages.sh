#!/bin/sh
# The Debian and RPM packages, built from make dist's tarball as a packager
# gets it:
#   sh tests/packages.sh build/ipmerge-VERSION.tar.gz
# Builds the .deb with dpkg-buildpackage (debian/), lints it with lintian (no
# errors), installs it with dpkg -i, checks ipmerge --version, the manual and
# the bash completion, and purges it again; builds the .rpm with rpmbuild
# (packaging/rpm/ipmerge.spec), lints it with rpmlint (no errors), installs
# it into a scratch root and runs it.  The versions of configure.ac,
# debian/changelog and the spec must agree.  Needs root (dpkg -i).  Run by
# tests/ci.sh after make distcheck; not part of make check (it needs the
# tarball).
set -eu

fail () {
  echo "FAIL: packages: $*" >&2
  exit 1
}

tarball=${1:?usage: sh tests/packages.sh ipmerge-VERSION.tar.gz}
[ -f "$tarball" ] || fail "no tarball $tarball (run make dist first)"
tarball=$(cd "$(dirname "$tarball")" && pwd)/$(basename "$tarball")
[ "$(id -u)" = 0 ] || fail "needs root (dpkg -i)"
for tool in dpkg-buildpackage dh lintian rpmbuild rpmlint fakeroot; do
  command -v "$tool" >/dev/null 2>&1 || fail "$tool not installed (sh .ci/install-deps)"
done

name=$(basename "$tarball" .tar.gz)         # ipmerge-VERSION
version=${name#ipmerge-}
TMPD=$(mktemp -d "${TMPDIR:-/tmp}/ipmerge-packages.XXXXXX") || exit 99
installed_before=no
dpkg-query -W -f='${Status}' ipmerge 2>/dev/null | grep -q "install ok installed" && installed_before=yes
cleanup () {
  # A package this test installed does not outlive it.
  if [ "$installed_before" = no ] && dpkg-query -W -f='${Status}' ipmerge 2>/dev/null | grep -q "installed"; then
    dpkg --purge ipmerge >/dev/null 2>&1 || true
  fi
  rm -rf "$TMPD"
}
trap cleanup EXIT
# A make started by make inherits its jobserver and flags; not wanted here.
unset MAKEFLAGS MFLAGS MAKELEVEL

# ---- versions ---------------------------------------------------------------
mkdir "$TMPD/deb" "$TMPD/rpm"
tar -xzf "$tarball" -C "$TMPD/deb"
src=$TMPD/deb/$name
[ -f "$src/debian/control" ] || fail "the tarball has no debian/ (Makefile.am EXTRA_DIST)"
spec=$src/packaging/rpm/ipmerge.spec
[ -f "$spec" ] || fail "the tarball has no packaging/rpm/ipmerge.spec (Makefile.am EXTRA_DIST)"
deb_version=$(cd "$src" && dpkg-parsechangelog -S Version)
rpm_version=$(rpm -q --qf '%{VERSION}\n' --specfile "$spec" | head -1)
[ "$deb_version" = "$version" ] || fail "debian/changelog says $deb_version, configure.ac $version"
[ "$rpm_version" = "$version" ] || fail "ipmerge.spec says $rpm_version, configure.ac $version"
echo "packages: version $version (configure.ac, debian/changelog, ipmerge.spec)"

# ---- Debian -----------------------------------------------------------------
(cd "$src" && dpkg-buildpackage -us -uc -b) > "$TMPD/deb.log" 2>&1 \
  || { tail -60 "$TMPD/deb.log"; fail "dpkg-buildpackage failed"; }
arch=$(dpkg --print-architecture)
deb=$TMPD/deb/ipmerge_${version}_$arch.deb
changes=$TMPD/deb/ipmerge_${version}_$arch.changes
[ -f "$deb" ] || { ls "$TMPD/deb"; fail "no $deb built"; }
dpkg-deb -c "$deb" > "$TMPD/deb-files"
for f in ./usr/bin/ipmerge ./usr/share/man/man1/ipmerge.1.gz \
         ./usr/share/bash-completion/completions/ipmerge ./usr/share/doc/ipmerge/copyright; do
  grep -q " $f\$" "$TMPD/deb-files" || { cat "$TMPD/deb-files"; fail "the .deb lacks $f"; }
done
# Errors fail; warnings and lower are printed (the brief lists them).
lintian --info --pedantic "$changes" > "$TMPD/lintian" 2>&1 \
  || { cat "$TMPD/lintian"; fail "lintian reports errors"; }
grep -v 'running with root privileges' "$TMPD/lintian" | sed 's/^/lintian: /' || true
dpkg -i "$deb" > "$TMPD/dpkg.log" 2>&1 || { cat "$TMPD/dpkg.log"; fail "dpkg -i failed"; }
/usr/bin/ipmerge --version > "$TMPD/v" || fail "the installed ipmerge does not run"
grep -q "$version" "$TMPD/v" || { cat "$TMPD/v"; fail "ipmerge --version does not name $version"; }
if command -v man >/dev/null 2>&1; then
  [ "$(man -w ipmerge)" = /usr/share/man/man1/ipmerge.1.gz ] || fail "man -w ipmerge: $(man -w ipmerge 2>&1)"
fi
[ -f /usr/share/man/man1/ipmerge.1.gz ] || fail "no /usr/share/man/man1/ipmerge.1.gz installed"
compl=/usr/share/bash-completion/completions/ipmerge
[ -f "$compl" ] || fail "no $compl installed"
bash -c ". '$compl' && complete -p ipmerge" > /dev/null || fail "the installed completion does not register"
if [ "$installed_before" = no ]; then
  dpkg --purge ipmerge > "$TMPD/dpkg.log" 2>&1 || { cat "$TMPD/dpkg.log"; fail "dpkg --purge failed"; }
  [ ! -e /usr/bin/ipmerge ] || fail "dpkg --purge left /usr/bin/ipmerge"
fi
echo "packages: deb: built, lintian: no errors, dpkg -i: ipmerge --version, manual, completion"

# ---- RPM --------------------------------------------------------------------
# Debian's rpm database knows no RPM package, so BuildRequires cannot be met:
# --nodeps (configure checks the same libraries).  The packager is the
# builder's to say, not the spec's.
top=$TMPD/rpm
mkdir "$top/SOURCES"
cp "$tarball" "$top/SOURCES/"
rpmbuild -bb --nodeps --define "_topdir $top" \
  --define "packager ipmerge authors <ipmerge@example.org>" "$spec" > "$TMPD/rpm.log" 2>&1 \
  || { tail -60 "$TMPD/rpm.log"; fail "rpmbuild -bb failed"; }
rpmfile=$(find "$top/RPMS" -name "ipmerge-$version-*.rpm")
[ -n "$rpmfile" ] || fail "no RPM built"
rpm -qlp "$rpmfile" > "$TMPD/rpm-files"
for f in /usr/bin/ipmerge /usr/share/man/man1/ipmerge.1 /usr/share/bash-completion/completions/ipmerge; do
  grep -q "^$f" "$TMPD/rpm-files" || { cat "$TMPD/rpm-files"; fail "the RPM lacks $f"; }
done
rpmlint -r "$src/packaging/rpm/ipmerge.rpmlintrc" "$rpmfile" "$spec" > "$TMPD/rpmlint" 2>&1 \
  || { cat "$TMPD/rpmlint"; fail "rpmlint reports errors"; }
grep -E ': [EW]: ' "$TMPD/rpmlint" | sed 's/^/rpmlint: /' || true
# Installed into a scratch root (its own rpm database), the binary runs.
rpm -i --nodeps --root "$top/root" "$rpmfile" > "$TMPD/rpm-i.log" 2>&1 \
  || { cat "$TMPD/rpm-i.log"; fail "rpm -i --root failed"; }
"$top/root/usr/bin/ipmerge" --version | grep -q "$version" || fail "the RPM's ipmerge does not run"
echo "packages: rpm: built, rpmlint: no errors, rpm -i --root: ipmerge --version"
