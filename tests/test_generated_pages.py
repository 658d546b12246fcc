"""Pages generated from data rather than written by hand: About the data and Performance."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from helpers import FIXTURES, ROOT

from infra_atlas import pipeline
from infra_atlas.matrix import MATRICES, MAX_COLUMNS
from infra_atlas.model import KINDS

BENCH = {
    "measured": "2026-11-25",
    "machine": {"cpus": 2, "python": "3.11.9", "platform": "Linux"},
    "real_atlas": {
        "records": 612,
        "build_seconds": 21.5,
        "plain_mkdocs_seconds": 18.25,
        "overhead_ratio": 1.18,
        "peak_mb": 480.0,
        "serve_reload_seconds": 2.4,
        "explorer_5000_first_render_ms": 310.5,
        "site_mb": 40.1,
        "search_transfer_kb": 190,
        "explorer_json_mb": 0.3,
    },
    "synthetic": [
        {
            "records": 1000,
            "check_seconds": 0.9,
            "build_seconds": 11.0,
            "build_peak_mb": 300.0,
            "site_mb": 30.0,
            "rebuild_unchanged": {"ours_seconds": 0.5, "figures_drawn": 0, "stages": {}},
            "rebuild_one_record_changed": {
                "ours_seconds": 0.6,
                "figures_drawn": 1,
                "stages": {"check": 0.25, "render": 0.125},
            },
        }
    ],
    "targets": [
        {"measure": "our overhead", "value": 1.18, "target": "≤ 1.3", "met": True},
        {"measure": "1000 records: check (s)", "value": 3.7, "target": "< 3", "met": False},
    ],
}


def _project(tmp_path: Path) -> Path:
    project = tmp_path / "project"
    shutil.copytree(FIXTURES / "good", project)
    return project


def _pages(project: Path) -> dict[str, str]:
    return pipeline.run(project, cache_dir=None, site_name="t", repo_url="https://x.org/r").pages


def test_about_the_data_counts_the_records(tmp_path: Path) -> None:
    project = _project(tmp_path)
    page = _pages(project)["about-data.md"]
    for folder in KINDS:
        count = len(list((project / folder).glob("*.yaml")))
        assert f"({folder}/index.md) | {count} |" in page
    assert "**All records** | **13**" in page
    # A record added is a record counted: the page is generated, not typed.
    shutil.copy(project / "techniques" / "paged-attention.yaml", tmp_path / "x.yaml")
    text = (tmp_path / "x.yaml").read_text("utf-8")
    text = text.replace("id: paged-attention", "id: radix-attention")
    text = text.replace("name: PagedAttention", "name: RadixAttention")
    text = text.replace("name_zh: 分页注意力", "name_zh: 基数注意力")
    (project / "techniques" / "radix-attention.yaml").write_text(text, "utf-8")
    page = _pages(project)["about-data.md"]
    assert "(techniques/index.md) | 4 |" in page and "**All records** | **14**" in page
    assert "[open an issue](https://x.org/r/issues/new)" in page


def test_performance_page_shows_the_benchmark_json(tmp_path: Path) -> None:
    project = _project(tmp_path)
    assert "No benchmark has been recorded yet" in _pages(project)["performance.md"]
    (project / "benchmarks").mkdir()
    (project / "benchmarks" / "latest.json").write_text(json.dumps(BENCH), "utf-8")
    page = _pages(project)["performance.md"]
    assert "| Our overhead (ratio) | 1.18 |" in page
    assert "5,000-record graph in chromium (ms) | 310.5 |" in page
    assert "| 1000 records: check (s) | 3.7 | &lt; 3 | **no** |" in page
    assert "| our overhead | 1.18 | ≤ 1.3 | yes |" in page
    assert "| check | 0.25 |" in page


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", "benchmarks/latest.json:1:2: error: not valid JSON"),
        ("[1, 2]", "benchmarks/latest.json:1:1: error: not the output of scripts/bench.py"),
    ],
)
def test_a_broken_benchmark_file_is_a_located_error(
    tmp_path: Path, content: str, message: str
) -> None:
    project = _project(tmp_path)
    (project / "benchmarks").mkdir()
    (project / "benchmarks" / "latest.json").write_text(content, "utf-8")
    with pytest.raises(pipeline.AtlasErrors) as err:
        _pages(project)
    (only,) = err.value.diagnostics
    assert only.format().startswith(message)


def test_a_matrix_shows_its_main_systems_first_then_at_most_a_screenful(tmp_path: Path) -> None:
    project = _project(tmp_path)
    main = MATRICES[0].systems
    for n in range(MAX_COLUMNS + 5):
        claims = "\n".join(
            f"  - {{technique: {t}, state: supported, source: https://example.org/{n}/notes}}"
            for t in ["paged-attention", "continuous-batching", "tensor-parallelism"][: 1 + n % 3]
        )
        (project / "frameworks" / f"engine-{n}.yaml").write_text(
            "# yaml-language-server: $schema=../schema/framework.schema.json\n"
            f"id: engine-{n}\nname: Engine {n}\nsummary: A serving engine.\nyear: 2024\n"
            f"category: serving\nsources: [https://example.org/{n}]\nchecked: 2026-11-24\n"
            f"support:\n{claims}\n",
            "utf-8",
        )
    page = pipeline.run(project, cache_dir=None, site_name="t").pages["matrices/inference.md"]
    table = page[page.index("<table") : page.index("</table>")]
    header = table[: table.index("</thead>")]
    assert header.count('<th scope="col"') == 1 + MAX_COLUMNS
    # The declared main systems lead (the good tree has two of them), in their declared order.
    shown = [s for s in main if f"frameworks/{s}/" in header]
    assert shown == ["vllm", "tensorrt-llm"]
    assert header.index("vllm/") < header.index("tensorrt-llm/") < header.index("engine-")
    # Then the systems with the most claims: every engine with all three techniques is kept.
    assert all(f"engine-{n}/" in header for n in range(2, MAX_COLUMNS + 5, 3))
    assert "7 more systems with support claims are left out here" in page
    # Every cell says its state: a blank is marked as not recorded, not left empty.
    assert 'class="atlas-state-unknown" title="not recorded"' in table


def test_the_committed_benchmark_is_complete() -> None:
    """The Performance page of the real site reads this file; it must hold every target."""
    data = json.loads((ROOT / "benchmarks" / "latest.json").read_text("utf-8"))
    measures = " ".join(t["measure"] for t in data["targets"])
    for needle in ["overhead", "explorer", "serve", "check", "full build", "peak memory", "drawn"]:
        assert needle in measures
    assert [s["records"] for s in data["synthetic"]] == [1000, 10000]
    assert "explorer_5000_first_render_ms" in data["real_atlas"]


def test_a_partial_author_list_reads_et_al_on_the_page_and_in_bibtex(tmp_path: Path) -> None:
    project = _project(tmp_path)
    paper = project / "papers" / "kwon2023-pagedattention.yaml"
    before = _pages(project)["papers/kwon2023-pagedattention.md"]
    assert "et al." not in before
    text = paper.read_text("utf-8")
    paper.write_text(text.replace("\nyear:", "\nauthors_partial: true\nyear:", 1), "utf-8")
    out = pipeline.run(project, cache_dir=None, site_name="t")
    page = out.pages["papers/kwon2023-pagedattention.md"]
    (authors,) = [line for line in page.splitlines() if line.startswith("| Authors |")]
    assert authors.endswith(" et al. |")
    bib = out.files["papers.bib"].decode()
    (line,) = [line for line in bib.splitlines() if line.strip().startswith("author = ")]
    assert line.endswith(" and others},")


def test_a_new_glossary_term_changes_only_its_own_letter_among_the_letter_pages(
    tmp_path: Path,
) -> None:
    """`serve --dirty` renders only changed pages: a term added under K must not change the
    page of T (the letter bar once carried per-letter counts, changing every letter page)."""
    project = _project(tmp_path)

    def pages() -> dict[str, str]:
        out = pipeline.run(project, cache_dir=None, site_name="t", languages=("en",))
        return {p: md for p, md in out.pages.items() if p.startswith("glossary/az/")}

    before = pages()
    (project / "glossary" / "kernel-fusion.yaml").write_text(
        "# yaml-language-server: $schema=../schema/term.schema.json\n"
        "id: kernel-fusion\nterm: Kernel fusion\ndefinition: Several GPU kernels merged into "
        "one, so intermediate results stay on chip.\nsources: [https://arxiv.org/abs/2205.14135]"
        "\nchecked: 2026-11-24\n",
        "utf-8",
    )
    after = pages()
    changed = sorted(p for p in after if before.get(p) != after[p])
    assert changed == ["glossary/az/k.md"], changed
    assert len(before) >= 3, sorted(before)  # other letters there were, and stayed as they were
