#!/usr/bin/env python3
"""Renders the labelled grouping corpus (corpus/*.yaml: events, their items,
updates and resends, written for this project) into the agency formats the
desk reads, one format per fictional agency, into feeds/. The rendered files
are committed; run this again only after editing the corpus:

    python3 crates/wire/tests/grouping/render.py
"""
import glob, html, json, os, shutil, yaml
from xml.sax.saxutils import escape, quoteattr

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "feeds")

FORMATS = {
    "Northwire": "rss",
    "Meridian Press": "atom",
    "Atlantic Wire": "jsonfeed",
    "Pacific Desk": "nitf",
    "Agence Continentale": "newsml",
    "Presse Francophone Internationale": "ninjs2",
    "Iberia Noticias": "ninjs3",
    "Agencia Austral": "newsml",
}

def paragraphs(body):
    return [" ".join(p.split()) for p in body.strip().split("\n\n") if p.strip()]

def html_body(body):
    return "".join(f"<p>{escape(p)}</p>" for p in paragraphs(body))

def deliveries():
    """Every version of every item, as (moment, provider, fields)."""
    out = []
    for path in sorted(glob.glob(os.path.join(HERE, "corpus", "*.yaml"))):
        for event in yaml.safe_load(open(path))["events"]:
            for item in event["items"]:
                base = dict(id=item["id"], provider=item["provider"], language=item["language"],
                            published=str(item["published"]).replace(" ", "T"), updated=None,
                            headline=item["headline"], body=item["body"], version=1)
                out.append(base)
                for update in item.get("updates") or []:
                    out.append(dict(base, updated=str(update["updated"]).replace(" ", "T"),
                                    headline=update.get("headline", base["headline"]),
                                    body=update.get("body", base["body"]), version=update["version"]))
                if item.get("resend_id"):
                    out.append(dict(base, id=item["resend_id"]))
    for d in out:
        for key in ("published", "updated"):
            if d[key] and not d[key].endswith("Z") and "+" not in d[key]:
                d[key] += "Z"
    return out

def rss(items, name):
    entries = "".join(f"""
    <item>
      <guid isPermaLink="false">{escape(i['id'])}</guid>
      <title>{escape(i['headline'])}</title>
      <pubDate>{rfc2822(i['updated'] or i['published'])}</pubDate>
      <description>{escape(html_body(i['body']))}</description>
    </item>""" for i in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0">
  <channel>
    <title>{escape(name)}</title>
    <link>https://northwire.example/</link>
    <description>Northwire world service</description>{entries}
  </channel>
</rss>
"""

def rfc2822(stamp):
    from datetime import datetime
    t = datetime.fromisoformat(stamp.replace("Z", "+00:00"))
    return t.strftime("%a, %d %b %Y %H:%M:%S +0000")

def atom(items, name):
    entries = "".join(f"""
  <entry xml:lang="{i['language']}">
    <id>{escape(i['id'])}</id>
    <title>{escape(i['headline'])}</title>
    <published>{i['published']}</published>
    <updated>{i['updated'] or i['published']}</updated>
    <content type="html">{escape(html_body(i['body']))}</content>
  </entry>""" for i in items)
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>{escape(name)}</title>
  <id>tag:meridian.example,2026:wire</id>
  <updated>{max(i['updated'] or i['published'] for i in items)}</updated>{entries}
</feed>
"""

def jsonfeed(items, name):
    return json.dumps({
        "version": "https://jsonfeed.org/version/1.1",
        "title": name,
        "items": [{"id": i["id"], "title": i["headline"], "content_text": "\n\n".join(paragraphs(i["body"])),
                   "date_published": i["published"], "date_modified": i["updated"] or i["published"],
                   "language": i["language"]} for i in items],
    }, ensure_ascii=False, indent=1)

def nitf(i):
    return f"""<?xml version="1.0" encoding="UTF-8"?>
<nitf version="-//IPTC//DTD NITF 3.6//EN" baselang="{i['language']}">
  <head>
    <title>{escape(i['headline'])}</title>
    <docdata>
      <doc-id id-string={quoteattr(i['id'])} regsrc="Pacific Desk"/>
      <date.issue norm="{i['updated'] or i['published']}"/>
      <du-key version="{i['version']}"/>
    </docdata>
  </head>
  <body>
    <body.head><hedline><hl1>{escape(i['headline'])}</hl1></hedline></body.head>
    <body.content>{html_body(i['body'])}</body.content>
  </body>
</nitf>
"""

def newsml_item(i):
    return f"""  <newsItem xmlns="http://iptc.org/std/nar/2006-10-01/" guid={quoteattr(i['id'])} version="{i['version']}" standard="NewsML-G2" standardversion="2.33" xml:lang="{i['language']}">
    <itemMeta>
      <itemClass qcode="ninat:text"/>
      <provider literal={quoteattr(i['provider'])}/>
      <versionCreated>{i['updated'] or i['published']}</versionCreated>
      <firstCreated>{i['published']}</firstCreated>
    </itemMeta>
    <contentMeta>
      <language tag="{i['language']}"/>
      <headline>{escape(i['headline'])}</headline>
    </contentMeta>
    <contentSet>
      <inlineXML contenttype="application/xhtml+xml">
        <html xmlns="http://www.w3.org/1999/xhtml"><body>{html_body(i['body'])}</body></html>
      </inlineXML>
    </contentSet>
  </newsItem>
"""

def newsml(items):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<newsMessage xmlns="http://iptc.org/std/nar/2006-10-01/">\n'
            '  <header><sent>' + max(i['updated'] or i['published'] for i in items) + '</sent></header>\n'
            '  <itemSet>\n' + "".join(newsml_item(i) for i in items) + '  </itemSet>\n</newsMessage>\n')

def ninjs(i, major):
    if major == 2:
        doc = {"uri": i["id"], "type": "text", "version": str(i["version"]), "language": i["language"],
               "firstcreated": i["published"], "versioncreated": i["updated"] or i["published"],
               "infosources": [{"name": i["provider"]}],
               "headlines": [{"role": "main", "value": i["headline"]}],
               "bodies": [{"role": "main", "contenttype": "text/html", "value": html_body(i["body"])}]}
    else:
        doc = {"uri": i["id"], "type": "text", "version": str(i["version"]), "language": i["language"],
               "firstCreated": i["published"], "versionCreated": i["updated"] or i["published"],
               "infoSources": [{"name": i["provider"]}],
               "headlines": [{"role": "main", "value": i["headline"]}],
               "bodies": [{"role": "main", "contentType": "text/plain", "value": "\n\n".join(paragraphs(i["body"]))}]}
    return json.dumps(doc, ensure_ascii=False, indent=1)

def slug(text):
    return "".join(c if c.isalnum() else "-" for c in text.lower()).strip("-")

def main():
    shutil.rmtree(OUT, ignore_errors=True)
    os.makedirs(OUT)
    by_provider = {}
    for d in deliveries():
        by_provider.setdefault(d["provider"], []).append(d)
    for provider, items in by_provider.items():
        kind = FORMATS[provider]
        # A first delivery of every item's first version, then one
        # delivery per later version or resend, as an agency sends them.
        firsts = [i for i in items if i["version"] == 1]
        later = [i for i in items if i["version"] > 1]
        batches = [("1", firsts)] + [(f"v{i['version']}-{slug(i['id'])[-24:]}", [i]) for i in later]
        for tag, batch in batches:
            stem = os.path.join(OUT, f"{slug(provider)}-{tag}")
            if kind == "rss":
                open(stem + ".xml", "w").write(rss(batch, provider))
            elif kind == "atom":
                open(stem + ".xml", "w").write(atom(batch, provider))
            elif kind == "jsonfeed":
                open(stem + ".json", "w").write(jsonfeed(batch, provider))
            elif kind == "newsml":
                open(stem + ".xml", "w").write(newsml(batch))
            else:
                for i in batch:
                    name = f"{slug(provider)}-{slug(i['id'])[-40:]}-v{i['version']}"
                    path = os.path.join(OUT, name + (".xml" if kind == "nitf" else ".json"))
                    body = nitf(i) if kind == "nitf" else ninjs(i, 2 if kind == "ninjs2" else 3)
                    open(path, "w").write(body)
    print(len(os.listdir(OUT)), "files")

main()
