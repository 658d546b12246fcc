"""Open data: the validated atlas published beside the site as JSON, GraphML and BibTeX.

Format `infra-atlas/1` (documented in docs/data.md):
- api/index.json                 counts and the list of files
- api/<folder>.json              every record of a kind, as written in its YAML, plus derived fields
- api/records/<id>.json          one record
- api/graph.json, graph.graphml  the typed relation graph (node-link JSON and GraphML)
- papers.bib                     BibTeX for every paper
Every file is a pure function of the atlas: keys sorted, no timestamps.
"""

from __future__ import annotations

import io
import json
import re
from typing import Any

import networkx as nx

from infra_atlas.graph import build_graph
from infra_atlas.model import KINDS, Atlas, Record

FORMAT = "infra-atlas/1"


def _dumps(value: Any) -> bytes:
    # One line, no indent: only then does json use its C encoder (five times faster, and every
    # save under `mkdocs serve` writes all of these); browsers show JSON indented anyway.
    return (json.dumps(value, ensure_ascii=False, sort_keys=True) + "\n").encode()


def record_json(record: Record) -> dict[str, Any]:
    data = record.data.model_dump(exclude_none=True)
    data["kind"] = record.kind.name
    data["era"] = record.era  # derived when not written, so named apart from the input
    data["url"] = record.url
    data["source_file"] = record.path
    return data


def _bib_escape(text: str) -> str:
    return re.sub(r"([{}\\&%$#_])", r"\\\1", text)


def bibtex(record: Record) -> str:
    """A BibTeX entry for a paper: @inproceedings at a venue, @article on arXiv only."""
    d = record.data
    venue = getattr(d, "venue", None)
    on_arxiv = getattr(d, "arxiv", None)
    entry = "misc" if not venue or venue.lower().startswith("arxiv") else "inproceedings"
    fields: list[tuple[str, str]] = [("title", getattr(d, "title", None) or d.name)]  # type: ignore[attr-defined]
    if getattr(d, "authors", None):
        # BibTeX's own way of saying the list goes on: styles print it as "et al.".
        others = ["others"] if getattr(d, "authors_partial", False) else []
        fields.append(("author", " and ".join([*d.authors, *others])))  # type: ignore[attr-defined]
    if entry == "inproceedings":
        fields.append(("booktitle", venue))  # type: ignore[arg-type]
    fields.append(("year", str(d.year)))  # type: ignore[attr-defined]
    if on_arxiv:
        fields += [("eprint", on_arxiv), ("archiveprefix", "arXiv")]
    if getattr(d, "doi", None):
        fields.append(("doi", d.doi))  # type: ignore[attr-defined]
    fields.append(("url", d.sources[0]))  # type: ignore[attr-defined]
    body = ",\n".join(
        f"  {name} = {{{value if name in {'url', 'doi'} else _bib_escape(value)}}}"
        for name, value in fields
    )
    return f"@{entry}{{{record.id},\n{body}\n}}\n"


def graph_json(atlas: Atlas) -> dict[str, Any]:
    graph = build_graph(atlas)
    nodes = [
        {"id": n, **{k: v for k, v in graph.nodes[n].items() if v is not None}}
        for n in sorted(graph.nodes)
    ]
    links = sorted(
        (
            {
                "source": u,
                "target": v,
                "type": k,
                **({"since": r.since} if r and r.since else {}),
                **({"evidence": r.evidence} if r and r.evidence else {}),
            }
            for u, v, k, r in graph.edges(keys=True, data="relation")
        ),
        key=lambda e: (e["source"], e["type"], e["target"]),
    )
    return {"format": FORMAT, "directed": True, "nodes": nodes, "links": links}


def graphml(data: dict[str, Any]) -> bytes:
    """The graph of `graph_json`, as GraphML."""
    graph = nx.MultiDiGraph()
    for node in data["nodes"]:
        graph.add_node(node["id"], **{k: v for k, v in node.items() if k != "id"})
    for link in data["links"]:
        attrs = {k: v for k, v in link.items() if k not in {"source", "target"}}
        graph.add_edge(link["source"], link["target"], key=link["type"], **attrs)
    buffer = io.BytesIO()
    nx.write_graphml(graph, buffer, encoding="utf-8")
    return buffer.getvalue()


def exports(atlas: Atlas) -> dict[str, bytes]:
    """Site path -> bytes for every open-data file."""
    files: dict[str, bytes] = {}
    counts = {}
    # Each record goes in its kind's file and a file of its own: convert it once for both.
    as_json = {record.id: record_json(record) for record in atlas.records.values()}
    for folder, kind in KINDS.items():
        records = sorted(atlas.of_kind(kind.name), key=lambda r: r.id)
        counts[folder] = len(records)
        files[f"api/{folder}.json"] = _dumps(
            {"format": FORMAT, "kind": kind.name, "records": [as_json[r.id] for r in records]}
        )
    for record in atlas.records.values():
        files[f"api/records/{record.id}.json"] = _dumps({"format": FORMAT, **as_json[record.id]})
    graph = graph_json(atlas)
    files["api/graph.json"] = _dumps(graph)
    files["api/graph.graphml"] = graphml(graph)
    papers = sorted(atlas.of_kind("paper"), key=lambda r: r.id)
    files["papers.bib"] = "\n".join(bibtex(p) for p in papers).encode()
    files["api/index.json"] = _dumps(
        {
            "format": FORMAT,
            "counts": counts,
            "relations": len(atlas.relations),
            "files": sorted([*files, "api/index.json"]),
        }
    )
    return files
