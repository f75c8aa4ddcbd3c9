#!/usr/bin/env python3
"""Small in-place edits of a Maven pom.xml, used by assemble.sh on clones in its work folder.

usage: pom.py POM COMMAND [ARGS] [COMMAND [ARGS] ...]   (commands are applied in order, file written once)
  strip-test-deps                 remove <scope>test</scope> entries from the top-level <dependencies>
  parent G:A=VERSION              set the parent's version when the parent is G:A
  parent-set G:A:VERSION          replace the parent (any) by G:A:VERSION with an empty relativePath
  version VERSION                 set the project's own <version>
  prop NAME=VALUE                 set (or add) a property
  bom-imports VERSION             set the version of every import-scope bom-* dependency (io.jenkins.tools.bom)
  rm-dep ARTIFACTID               remove dependencies with that artifactId (top-level and dependencyManagement)
  add-dep G:A:V[:SCOPE[:TYPE]]    add a top-level dependency (V may be empty: managed)
  dep-version ARTIFACTID=V        set the version of dependencies with that artifactId (anywhere), adding one if none
  dep-mgmt G:A:V[:TYPE]           add or update an entry in dependencyManagement (before any import)
  rm-plugin ARTIFACTID            remove build plugins with that artifactId (plugins and pluginManagement, profiles too)
  rm-plugin-dep PLUGIN ARTIFACTID remove a dependency of a build plugin
  rm-execution PLUGIN EXEC_ID     remove one execution of a build plugin
  rm-module NAME                  remove a <module> (anywhere, profiles too)
  artifact-item-version ARTIFACTID=V   add <version> to maven-dependency-plugin artifactItems of that artifactId
  cd-flags TAGVERSION             print -Drevision/-Dchangelist so that the CI-friendly <version> evaluates to TAGVERSION
  get-version                     print the project's <version>
"""
import re
import sys
import xml.etree.ElementTree as ET

NS = "http://maven.apache.org/POM/4.0.0"
ET.register_namespace("", NS)
ET.register_namespace("xsi", "http://www.w3.org/2001/XMLSchema-instance")


def q(tag):
    return "{%s}%s" % (NS, tag)


def path(*tags):
    return "/".join(q(t) for t in tags)


def text(el, tag):
    c = el.find(q(tag))
    return c.text.strip() if c is not None and c.text else ""


def sub(parent, tag, value=None):
    el = ET.SubElement(parent, q(tag))
    if value is not None:
        el.text = value
    return el


def child(parent, tag):
    c = parent.find(q(tag))
    return c if c is not None else sub(parent, tag)


def all_dep_lists(root):
    """every <dependencies> element of the project (top, dependencyManagement, profiles)"""
    return [e for e in root.iter(q("dependencies"))]


def build_plugin_lists(root):
    return [e for e in root.iter(q("plugins"))]


def find_plugins(root, aid):
    out = []
    for plugins in build_plugin_lists(root):
        for p in list(plugins):
            if p.tag == q("plugin") and text(p, "artifactId") == aid:
                out.append((plugins, p))
    return out


def props(root):
    ps = root.find(q("properties"))
    return {c.tag.split("}")[1]: (c.text or "") for c in (ps if ps is not None else []) if isinstance(c.tag, str)}


def main(argv):
    pom = argv[0]
    args = argv[1:]
    tree = ET.parse(pom, parser=ET.XMLParser(target=ET.TreeBuilder(insert_comments=True)))
    root = tree.getroot()
    changed = False
    while args:
        cmd = args.pop(0)
        if cmd == "strip-test-deps":
            deps = root.find(q("dependencies"))
            if deps is not None:
                for d in list(deps):
                    if d.tag == q("dependency") and text(d, "scope") == "test":
                        deps.remove(d)
                        changed = True
        elif cmd == "parent":
            ga, v = args.pop(0).split("=")
            g, a = ga.split(":")
            p = root.find(q("parent"))
            if p is not None and text(p, "groupId") == g and text(p, "artifactId") == a:
                p.find(q("version")).text = v
                changed = True
        elif cmd == "parent-set":
            g, a, v = args.pop(0).split(":")
            p = root.find(q("parent"))
            if p is None:
                p = ET.Element(q("parent"))
                root.insert(1, p)
            for c in list(p):
                p.remove(c)
            sub(p, "groupId", g)
            sub(p, "artifactId", a)
            sub(p, "version", v)
            sub(p, "relativePath")
            changed = True
        elif cmd == "version":
            child(root, "version").text = args.pop(0)
            changed = True
        elif cmd == "prop":
            n, v = args.pop(0).split("=", 1)
            ps = child(root, "properties")
            child(ps, n).text = v
            changed = True
        elif cmd == "bom-imports":
            v = args.pop(0)
            for deps in root.findall(path("dependencyManagement", "dependencies")):
                for d in deps:
                    if d.tag == q("dependency") and text(d, "scope") == "import" and text(d, "artifactId").startswith("bom-") \
                            and text(d, "groupId") == "io.jenkins.tools.bom":
                        d.find(q("version")).text = v
                        changed = True
        elif cmd == "rm-dep":
            aid = args.pop(0)
            for deps in all_dep_lists(root):
                for d in list(deps):
                    if d.tag == q("dependency") and text(d, "artifactId") == aid:
                        deps.remove(d)
                        changed = True
        elif cmd == "add-dep":
            parts = args.pop(0).split(":") + ["", ""]
            g, a, v, scope, typ = parts[:5]
            deps = child(root, "dependencies")
            d = sub(deps, "dependency")
            sub(d, "groupId", g)
            sub(d, "artifactId", a)
            if v:
                sub(d, "version", v)
            if scope:
                sub(d, "scope", scope)
            if typ:
                sub(d, "type", typ)
            changed = True
        elif cmd == "dep-version":
            aid, v = args.pop(0).split("=")
            for deps in all_dep_lists(root):
                for d in deps:
                    if d.tag == q("dependency") and text(d, "artifactId") == aid:
                        child(d, "version").text = v
                        changed = True
        elif cmd == "dep-mgmt":
            parts = args.pop(0).split(":") + [""]
            g, a, v, typ = parts[:4]
            deps = child(child(root, "dependencyManagement"), "dependencies")
            found = False
            for d in deps:
                if d.tag == q("dependency") and text(d, "artifactId") == a and text(d, "groupId") == g:
                    child(d, "version").text = v
                    found = True
            if not found:
                d = ET.Element(q("dependency"))
                sub(d, "groupId", g)
                sub(d, "artifactId", a)
                sub(d, "version", v)
                if typ:
                    sub(d, "type", typ)
                deps.insert(0, d)
            changed = True
        elif cmd == "rm-plugin":
            aid = args.pop(0)
            for plugins, p in find_plugins(root, aid):
                plugins.remove(p)
                changed = True
        elif cmd == "rm-plugin-dep":
            paid, aid = args.pop(0), args.pop(0)
            for _, p in find_plugins(root, paid):
                deps = p.find(q("dependencies"))
                if deps is not None:
                    for d in list(deps):
                        if text(d, "artifactId") == aid:
                            deps.remove(d)
                            changed = True
        elif cmd == "rm-execution":
            paid, eid = args.pop(0), args.pop(0)
            for _, p in find_plugins(root, paid):
                ex = p.find(q("executions"))
                if ex is not None:
                    for e in list(ex):
                        if text(e, "id") == eid:
                            ex.remove(e)
                            changed = True
        elif cmd == "rm-module":
            name = args.pop(0)
            for mods in root.iter(q("modules")):
                for m in list(mods):
                    if (m.text or "").strip() == name:
                        mods.remove(m)
                        changed = True
        elif cmd == "artifact-item-version":
            aid, v = args.pop(0).split("=")
            for items in root.iter(q("artifactItems")):
                for it in items:
                    if text(it, "artifactId") == aid and it.find(q("version")) is None:
                        el = ET.Element(q("version"))
                        el.text = v
                        it.insert(2, el)
                        changed = True
        elif cmd == "cd-flags":
            want = args.pop(0)
            ver = text(root, "version")
            pr = props(root)
            if "${changelist}" not in ver and "${revision}" not in ver:
                print("")
                continue
            rev = pr.get("revision", "")
            expr = ver.replace("${revision}", rev) if "${changelist}" in ver else ver
            if "${changelist}" in expr:
                a, b = expr.split("${changelist}", 1)
                if want.startswith(a) and want.endswith(b) and len(want) > len(a) + len(b):
                    cl = want[len(a):len(want) - len(b)] if b else want[len(a):]
                    flags = ["-Dchangelist=" + cl]
                    if "${revision}" in ver:
                        flags.append("-Drevision=" + rev)
                    print(" ".join(flags))
                    continue
            # revision in the pom does not match the tag: put everything into revision
            if re.fullmatch(r"\$\{revision\}\$\{changelist\}", ver):
                print("-Drevision=%s -Dchangelist=" % want)
                continue
            m = re.fullmatch(r"\$\{revision\}([.-])\$\{changelist\}", ver)
            if m:
                sep = m.group(1)
                i = want.index(sep)
                print("-Drevision=%s -Dchangelist=%s" % (want[:i], want[i + 1:]))
                continue
            sys.exit("cd-flags: cannot map version %r to %r" % (ver, want))
        elif cmd == "get-version":
            print(text(root, "version"))
        else:
            sys.exit("pom.py: unknown command " + cmd)
    if changed:
        # keep what lies outside the root element (XML declaration, comments such as Gradle's metadata marker)
        raw = open(pom, encoding="utf-8").read()
        start = re.search(r"<project[\s>]", raw).start()
        end = raw.rindex("</project>") + len("</project>")
        body = ET.tostring(root, encoding="unicode")
        with open(pom, "w", encoding="utf-8") as f:
            f.write(raw[:start] + body + raw[end:])


if __name__ == "__main__":
    main(sys.argv[1:])
