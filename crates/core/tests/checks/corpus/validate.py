#!/usr/bin/env python3
"""Validates labelled check cases (one YAML file per case) and prints counts.

Usage: validate.py FILE_OR_DIR...
Each case: id, desk, style (us|uk), published (RFC 3339), provenance
(human|ai-assisted|ai-generated), editor (optional), headline, standfirst
(optional), body, sources [{agency, text}], findings [{rule, text}].
Every finding's text must be an exact substring of the headline, standfirst or
body (missing-disclosure: "provenance: <value>").
"""
import collections, pathlib, re, sys
import yaml

RULES = {
    "leftover-generation-text", "false-word-count", "repeated-passage",
    "truncated-text", "temporal-contradiction", "stale-office-holder",
    "unsourced-figure", "unsourced-quote", "unknown-attribution",
    "missing-disclosure",
}
DESKS = {"politics", "courts", "business", "sport", "science", "weather",
         "obituaries", "live", "local", "health", "transport", "culture",
         "world", "education", "environment", "technology"}

def check(path, counts, problems):
    try:
        case = yaml.safe_load(path.read_text(encoding="utf-8"))
    except Exception as e:  # noqa: BLE001
        problems.append(f"{path}: not YAML: {e}")
        return
    where = f"{path.name}"
    for key in ("id", "desk", "style", "published", "provenance", "headline", "body", "sources", "findings"):
        if key not in case:
            problems.append(f"{where}: missing {key}")
            return
    if case["id"] != path.stem:
        problems.append(f"{where}: id {case['id']!r} is not the file name")
    if case["desk"] not in DESKS:
        problems.append(f"{where}: desk {case['desk']!r} not one of {sorted(DESKS)}")
    if case["style"] not in ("us", "uk"):
        problems.append(f"{where}: style must be us or uk")
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", str(case["published"])):
        problems.append(f"{where}: published must look like 2025-03-04T10:00:00Z (quote it)")
    if case["provenance"] not in ("human", "ai-assisted", "ai-generated"):
        problems.append(f"{where}: bad provenance")
    if not case["sources"]:
        problems.append(f"{where}: needs at least one source")
    for s in case["sources"] or []:
        if not s.get("agency") or not s.get("text"):
            problems.append(f"{where}: each source needs agency and text")
    text = "\n".join([case["headline"], case.get("standfirst") or "", case["body"]])
    findings = case["findings"] or []
    for f in findings:
        rule, t = f.get("rule"), f.get("text")
        if rule not in RULES:
            problems.append(f"{where}: unknown rule {rule!r}")
            continue
        if rule == "missing-disclosure":
            if t != f"provenance: {case['provenance']}":
                problems.append(f"{where}: missing-disclosure text must be 'provenance: {case['provenance']}'")
            if case["provenance"] == "human" or case.get("editor"):
                problems.append(f"{where}: missing-disclosure needs machine provenance and no editor")
        elif not t or t not in text:
            problems.append(f"{where}: {rule} text not found verbatim: {t!r}")
        counts[rule] += 1
    if case["provenance"] != "human" and not case.get("editor") and not any(
        f.get("rule") == "missing-disclosure" for f in findings
    ):
        problems.append(f"{where}: machine copy without an editor must be labelled missing-disclosure")
    counts["cases"] += 1
    counts["clean" if not findings else "with findings"] += 1
    counts[f"desk {case['desk']}"] += 1

def main():
    counts, problems = collections.Counter(), []
    paths = []
    for arg in sys.argv[1:] or ["."]:
        p = pathlib.Path(arg)
        paths += sorted(p.rglob("*.yaml")) if p.is_dir() else [p]
    for path in paths:
        check(path, counts, problems)
    for k, v in sorted(counts.items()):
        print(f"{k}: {v}")
    for p in problems:
        print("PROBLEM", p)
    sys.exit(1 if problems else 0)

if __name__ == "__main__":
    main()
