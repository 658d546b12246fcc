"""The support matrices: which systems and techniques they compare, and what each cell says.

A cell is decided by a support claim (supported, partial, unsupported) with its source, or is
"not recorded". The main systems and techniques of each matrix are declared here, most-used
systems first; systems and techniques beyond them join when the records claim enough of them.
The About-the-data page and the tests read the same coverage numbers as the page shows.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from infra_atlas.model import Atlas

MAX_COLUMNS = 16  # systems side by side: the main eight, then the best-documented others


@dataclass(frozen=True, slots=True)
class MatrixSpec:
    key: str  # strings.yaml holds its title and introduction under matrix.<key>.*
    categories: frozenset[str]  # framework categories that may join as extra columns
    systems: tuple[str, ...]  # the main systems, most used first
    techniques: tuple[str, ...]  # the main techniques, in reading order


MATRICES = (
    MatrixSpec(
        "inference",
        frozenset({"inference", "serving"}),
        (
            "vllm",
            "sglang",
            "tensorrt-llm",
            "llama-cpp",
            "text-generation-inference",
            "lmdeploy",
            "mlc-llm",
            "deepspeed-mii",
        ),
        (
            "continuous-batching",
            "paged-attention",
            "prefix-caching",
            "chunked-prefill",
            "speculative-decoding",
            "cuda-graphs",
            "flash-attention",
            "structured-generation",
            "tensor-parallelism",
            "pipeline-parallelism",
            "expert-parallelism",
            "pd-disaggregation",
            "kv-cache-offloading",
            "fp8-inference",
            "awq",
            "gptq",
            "kv-cache-quantization",
            "multi-lora-serving",
        ),
    ),
    MatrixSpec(
        "training",
        frozenset({"training", "finetuning", "rl"}),
        (
            "megatron-core",
            "deepspeed",
            "pytorch-fsdp",
            "torchtitan",
            "nemo",
            "colossal-ai",
            "verl",
            "openrlhf",
        ),
        (
            "data-parallelism",
            "zero",
            "fsdp",
            "zero-offload",
            "tensor-parallelism",
            "pipeline-parallelism",
            "interleaved-1f1b",
            "sequence-parallelism",
            "context-parallelism",
            "expert-parallelism",
            "activation-recomputation",
            "mixed-precision-training",
            "fp8-training",
            "distributed-checkpointing",
            "lora",
            "rlhf",
            "ppo",
            "grpo",
        ),
    ),
)


@dataclass(frozen=True, slots=True)
class Cell:
    system: str
    technique: str
    claim: Any | None  # a SupportIn, or None when nothing is recorded

    @property
    def state(self) -> str | None:
        return self.claim.state if self.claim is not None else None


@dataclass(frozen=True, slots=True)
class Matrix:
    spec: MatrixSpec
    systems: tuple[str, ...]  # columns: the main systems, then others by decided cells
    techniques: tuple[str, ...]  # rows
    cells: dict[tuple[str, str], Cell]  # (technique, system) -> cell
    omitted: int  # systems of these categories with claims that did not fit

    def main_cells(self) -> list[Cell]:
        """The cells of the declared systems x declared techniques: what the floors count."""
        return [
            self.cells[(t, s)]
            for t in self.spec.techniques
            for s in self.spec.systems
            if (t, s) in self.cells
        ]


def claims(atlas: Atlas) -> dict[tuple[str, str], Any]:
    """(system, technique) -> its support claim, for every framework."""
    return {
        (record.id, claim.technique): claim
        for record in atlas.of_kind("framework")
        for claim in record.get("support", [])
    }


def build(atlas: Atlas, spec: MatrixSpec) -> Matrix:
    by_pair = claims(atlas)
    main = [s for s in spec.systems if s in atlas.records]
    decided = Counter(
        system
        for system, _ in by_pair
        if system not in main and atlas.records[system].get("category") in spec.categories
    )
    others = sorted(decided, key=lambda s: (-decided[s], atlas.records[s].title.casefold()))
    systems = (main + others)[:MAX_COLUMNS]
    rows = [t for t in spec.techniques if t in atlas.records]
    # Techniques beyond the declared ones join when two or more shown systems claim them.
    extra = Counter(t for (s, t) in by_pair if s in systems and t not in rows)
    rows += sorted(
        (t for t, n in extra.items() if n >= 2),
        key=lambda t: (atlas.records[t].get("category") or "", atlas.records[t].title.casefold()),
    )
    cells = {(t, s): Cell(s, t, by_pair.get((s, t))) for t in rows for s in systems}
    return Matrix(
        spec, tuple(systems), tuple(rows), cells, max(len(main + others) - len(systems), 0)
    )


def matrices(atlas: Atlas) -> list[Matrix]:
    return [build(atlas, spec) for spec in MATRICES]


def coverage(atlas: Atlas) -> dict[str, float | int]:
    """What the floors of the support matrices are measured on (About-the-data and tests)."""
    main = [cell for m in matrices(atlas) for cell in m.main_cells()]
    decided = [c for c in main if c.claim is not None]
    every = list(claims(atlas).values())
    dated = [c for c in every if c.state != "unsupported" and c.since]
    supported = [c for c in every if c.state != "unsupported"]
    frameworks = atlas.of_kind("framework")
    return {
        "main_cells": len(main),
        "main_decided": len(decided),
        "main_decided_share": len(decided) / len(main) if main else 0.0,
        "claims": len(every),
        "supported_with_since": len(dated),
        "supported": len(supported),
        "frameworks": len(frameworks),
        "frameworks_with_status": sum(1 for f in frameworks if f.get("status")),
    }
