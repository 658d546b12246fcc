"""The record schema: the one definition of every kind, field, allowed value and relation type.

Two layers, as in the contributor/internal split of cncf/landscape2:
- `*In` pydantic models are the format contributors write; unknown fields are rejected.
- `Record`, `Relation` and `Atlas` are the frozen internal model that the graph, pages,
  figures and exports read, built once after every check has passed.
Everything else (the checker, the JSON Schema, the `new` skeletons) derives from this module.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Annotated, Any, Literal, get_args
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

ID_PATTERN = r"^[a-z0-9]+(?:-[a-z0-9]+)*$"
# A release as projects name it: v0.6.0, 0.11.0, 2.4, b3456 (llama.cpp builds), core_r0.5.0,
# v0.4.0.post1, 24.07 (container releases).
VERSION_PATTERN = (
    r"^(?:[A-Za-z]+[_-]?){0,2}\d+(?:\.\d+){0,3}(?:[.-]?(?:rc|post|dev|alpha|beta|a|b)\.?\d*)?$"
)
ARXIV_PATTERN = r"^\d{2}(?:0[1-9]|1[0-2])\.\d{4,5}$"
DOI_PATTERN = r"^10\.\d{4,9}/\S+$"

# Raw HTML and script-bearing links never reach a page: text fields are Markdown only.
_HTML_TAG = re.compile(r"<\s*/?\s*[a-zA-Z!?]")
_BAD_LINK = re.compile(r"\]\(\s*<?\s*(?!https://|\.{0,2}/|#|[\w-]+\.md)([^)]*)\)", re.I)
_URL_SCHEME = re.compile(r"(?i)\b(javascript|vbscript|data)\s*:")
# Reference-style link definitions ("[1]: target") need the same rule as inline links.
_BAD_REFERENCE = re.compile(r"(?m)^\s{0,3}\[[^\]]+\]:\s*<?(?!https://|\.{0,2}/|#)(\S+)")


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f]")
# Code spans are escaped by Markdown, so markup inside backticks is shown, never run.
_CODE_SPAN = re.compile(r"(`+).+?\1", re.S)
_SPACE = re.compile(r"\s")  # the very characters str.isspace() accepts
_DATE_SHAPE = re.compile(r"\d{4}-\d{2}(?:-\d{2})?")


def _markdown(value: str) -> str:
    # Each pattern needs a character that most text lacks ('<', ':' or ']'): looking for that
    # character first skips most searches, which add up over tens of thousands of fields.
    if "<" in value and _HTML_TAG.search(_CODE_SPAN.sub("", value)):
        raise ValueError("raw HTML is not allowed; write Markdown (use &lt; for a literal '<')")
    if ":" in value and _URL_SCHEME.search(value):
        raise ValueError("script or data URLs are not allowed in text")
    bad = (_BAD_LINK.search(value) or _BAD_REFERENCE.search(value)) if "]" in value else None
    if bad:
        raise ValueError(f"link target '{bad.group(1)}' must be https:// or a relative .md path")
    if _CONTROL.search(value):
        raise ValueError("control characters are not allowed in text")
    return value


def _one_line(value: str) -> str:
    if "\n" in value or "\t" in value:
        raise ValueError("must be a single line")
    return value


def _https(value: str) -> str:
    parts = urlsplit(value)
    if parts.scheme != "https":
        raise ValueError(f"'{value}' is not an https URL; use https://")
    if not parts.netloc or _SPACE.search(value) or "." not in parts.netloc:
        raise ValueError(f"'{value}' is not a well-formed URL")
    return value


def latest_today() -> date:
    """Today where it is latest on Earth (UTC+14). A date is in the future only after this, so a
    record dated today passes wherever it was written and wherever it is checked."""
    return (datetime.now(UTC) + timedelta(hours=14)).date()


def _partial_date(value: str) -> str:
    if not _DATE_SHAPE.fullmatch(value):
        raise ValueError(f"'{value}' is not a date; write YYYY-MM or YYYY-MM-DD")
    year, month, *day = (int(p) for p in value.split("-"))
    if not 1 <= month <= 12:
        raise ValueError(f"'{value}' has no month {month}")
    if day and not 1 <= day[0] <= calendar.monthrange(year, month)[1]:
        raise ValueError(f"'{value}' is not a real day")
    today = latest_today()
    if (year, month, *day) > (today.year, today.month, *([today.day] if day else [])):
        raise ValueError(f"'{value}' is in the future")
    return value


def _full_date(value: str) -> str:
    _partial_date(value)
    if value.count("-") != 2:
        raise ValueError(f"'{value}' needs a day; write YYYY-MM-DD")
    return value


def _past_year(value: int) -> int:
    if value > latest_today().year:
        raise ValueError(f"{value} is in the future")
    return value


_REPO_ROOT = re.compile(r"^/[^/]+/[^/]+?(?:\.git)?/?(?:tree/[^/]+/?)?$")
_FORGES = {"github.com", "gitlab.com", "huggingface.co", "gitee.com"}


def _specific(value: str) -> str:
    """A source that states the fact itself: not a homepage, not a repository's front page."""
    _https(value)
    parts = urlsplit(value)
    if parts.path in {"", "/"} and not parts.query:
        raise ValueError(
            f"'{value}' is a homepage; link the page that states it (a release note, changelog "
            "entry, documentation page or pull request)"
        )
    if parts.netloc.removeprefix("www.") in _FORGES and _REPO_ROOT.match(parts.path):
        raise ValueError(
            f"'{value}' is a repository's front page; link the release note, changelog entry, "
            "documentation page or pull request that states it"
        )
    return value


def _version_or_date(value: str) -> str:
    if _DATE_SHAPE.fullmatch(value):
        return _partial_date(value)
    if re.fullmatch(r"(?:19|20)\d\d", value):
        raise ValueError(f"'{value}' reads as a year; write the month too (YYYY-MM)")
    if not re.fullmatch(VERSION_PATTERN, value):
        raise ValueError(
            f"'{value}' is neither a version (like v0.6.0, 2.4 or b3456) nor a date "
            "(YYYY-MM or YYYY-MM-DD); put any explanation in 'note'"
        )
    return value


Id = Annotated[str, StringConstraints(pattern=ID_PATTERN)]
Text = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=300),
    AfterValidator(_markdown),
    AfterValidator(_one_line),
]
Markdown = Annotated[
    str, StringConstraints(min_length=1, max_length=20000), AfterValidator(_markdown)
]
Url = Annotated[str, AfterValidator(_https)]
PartialDate = Annotated[str, AfterValidator(_partial_date)]
CheckedDate = Annotated[str, AfterValidator(_full_date)]
SpecificUrl = Annotated[str, AfterValidator(_specific)]
VersionOrDate = Annotated[str, AfterValidator(_version_or_date)]
Version = Annotated[str, StringConstraints(pattern=VERSION_PATTERN)]
Year = Annotated[int, Field(ge=1950), AfterValidator(_past_year)]
Tag = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=40)]


@dataclass(frozen=True, slots=True)
class RelationType:
    label: str  # how the relation reads from its source
    inverse: str  # how it reads on the target's page (the derived backlink)
    meaning: str
    sources: frozenset[str] | None  # kinds allowed at the source; None = any
    targets: frozenset[str] | None  # kinds allowed at the target; None = any
    lineage: bool  # part of "what descends from what": cycles are errors, drawn in figures
    # The source must not be dated before the target: compared as precisely as both dates are
    # known ("day"), or by year only ("year": a system often ships months before its paper).
    dated: Literal["day", "year"] | None
    # Source kinds the date rule applies to; None = all. A system or a model often ships
    # months before the paper that describes it, a technique never predates its paper.
    dated_kinds: frozenset[str] | None = None
    # Written in `relations:`; False for relations derived from other fields (`implements`
    # comes from a framework's support claims, which carry more than a relation can).
    written: bool = True
    # `label`, `inverse` and `meaning` as the Chinese edition says them.
    zh: tuple[str, str, str] = ("", "", "")


def _kinds(*names: str) -> frozenset[str]:
    return frozenset(names)


RELATION_TYPES: Mapping[str, RelationType] = {
    "succeeds": RelationType(
        "succeeds",
        "succeeded by",
        "is the successor of, or replaced, the target",
        None,
        None,
        lineage=True,
        dated="day",
        zh=("接替", "后继者", "是目标的继任者，或取代了目标"),
    ),
    "forked_from": RelationType(
        "forked from",
        "forked into",
        "started as a fork of the target's code",
        _kinds("framework"),
        _kinds("framework"),
        True,
        "day",
        zh=("fork 自", "被 fork 为", "最初由目标的代码 fork 而来"),
    ),
    "based_on": RelationType(
        "based on",
        "basis for",
        "is built on or derived from the target",
        None,
        None,
        lineage=True,
        dated="day",
        zh=("基于", "以其为基础", "构建于目标之上，或由目标衍生"),
    ),
    "introduced_in": RelationType(
        "introduced in",
        "introduces",
        "was first described in the target paper",
        _kinds("technique", "framework", "model"),
        _kinds("paper"),
        lineage=False,
        dated="year",
        dated_kinds=_kinds("technique"),
        zh=("提出于", "提出了", "最早在目标论文中提出"),
    ),
    "implements": RelationType(
        "implements",
        "implemented by",
        "the framework supports the technique (derived from its support claims)",
        _kinds("framework"),
        _kinds("technique"),
        False,
        None,
        written=False,
        zh=("支持", "支持它的系统", "该系统支持这项技术（由其支持声明得出）"),
    ),
    "uses": RelationType(
        "uses",
        "used by",
        "makes use of the technique or hardware",
        _kinds("model", "technique", "framework", "hardware"),
        _kinds("technique", "hardware"),
        False,
        None,
        zh=("使用", "被使用于", "使用了目标技术或硬件"),
    ),
    "trained_with": RelationType(
        "trained with",
        "trained",
        "the model was trained with the framework",
        _kinds("model"),
        _kinds("framework"),
        False,
        None,
        zh=("训练框架", "用于训练", "该模型用目标框架训练"),
    ),
    "influenced_by": RelationType(
        "influenced by",
        "influenced",
        "the target shaped this one's design",
        None,
        None,
        lineage=True,
        dated="day",
        zh=("受其影响", "影响了", "设计受到目标的影响"),
    ),
    "part_of": RelationType(
        "part of",
        "has part",
        "is a component of the target",
        None,
        None,
        lineage=False,
        dated=None,
        zh=("隶属于", "包含", "是目标的组成部分"),
    ),
    "trained_on": RelationType(
        "trained on",
        "trained",
        "the model was trained on the target hardware",
        _kinds("model"),
        _kinds("hardware"),
        False,
        None,
        zh=("训练硬件", "用于训练", "该模型在目标硬件上训练"),
    ),
    "built_for": RelationType(
        "built for",
        "targeted by",
        "was designed for, or around the limits of, the target hardware",
        _kinds("technique", "framework", "model", "paper"),
        _kinds("hardware"),
        False,
        None,
        zh=("面向硬件", "为其设计", "为目标硬件而设计，或围绕其限制而设计"),
    ),
}
# What a record may write in `relations:`, as one type for pydantic and the JSON Schema.
RelationName = Literal[tuple(n for n, t in RELATION_TYPES.items() if t.written)]  # type: ignore[valid-type]


def label(en: str, zh: str) -> dict[str, Any]:
    """How a field is named on pages, in each language (pydantic's title, and title_zh)."""
    return {"title": en, "json_schema_extra": {"title_zh": zh}}


@dataclass(frozen=True, slots=True)
class Choices:
    """How pages name each allowed value of a field: ((value, (English, Chinese)), ...)."""

    labels: tuple[tuple[str, tuple[str, str]], ...]


def choices(**values: tuple[str, str]) -> Any:
    """The allowed values of a field, each with how pages name it in English and Chinese."""
    return Annotated[Literal[tuple(values)], Choices(tuple(values.items()))]  # type: ignore[valid-type]


def choice_labels(info: Any) -> dict[str, tuple[str, str]]:
    """The value labels a field was declared with (empty for other fields)."""
    found = [m for m in info.metadata if isinstance(m, Choices)]
    for arg in get_args(info.annotation):  # inside `X | None`
        found += [m for m in getattr(arg, "__metadata__", ()) if isinstance(m, Choices)]
    return dict(found[0].labels) if found else {}


class Strict(BaseModel):
    # strict: the types the JSON Schema promises, never converted ('2025' is not a year).
    model_config = ConfigDict(extra="forbid", frozen=True, str_strip_whitespace=False, strict=True)


class RelationIn(Strict):
    type: RelationName = Field(description="How this record relates to the target.")
    target: Id = Field(description="Id of the record at the other end.")
    note: Text | None = Field(None, description="A short clause qualifying the relation.")
    note_zh: Text | None = Field(None, description="The note in Chinese.")
    since: Annotated[str, StringConstraints(min_length=1, max_length=40)] | None = Field(
        None, description="Version or date since which the relation holds (e.g. v0.2.0)."
    )
    source: Url | None = Field(None, description="https URL where the relation is stated.")


class LinksIn(Strict):
    homepage: Url | None = None
    repo: Url | None = None
    paper: Url | None = None
    docs: Url | None = None


class RecordIn(Strict):
    """Fields every kind but glossary terms shares."""

    id: Id = Field(
        description="kebab-case, equal to the file name without .yaml", **label("Id", "编号")
    )
    name: Text = Field(description="The usual English name.", **label("Name", "名称"))
    name_zh: Text | None = Field(
        None, description="The usual Chinese name.", **label("Chinese name", "中文名")
    )
    aliases: list[Text] = Field(
        default_factory=list,
        description="Other names readers search.",
        **label("Also known as", "又称"),
    )
    summary: Markdown = Field(
        description="Markdown, in your own words: what it is, why it mattered.",
        **label("Summary", "简介"),
    )
    summary_zh: Markdown | None = Field(
        None, description="The summary in Chinese.", **label("Chinese summary", "中文简介")
    )
    year: Year = Field(description="Year of first publication or release.", **label("Year", "年份"))
    date: PartialDate | None = Field(
        None, description="YYYY-MM or YYYY-MM-DD, agreeing with year.", **label("Date", "日期")
    )
    era: Id | None = Field(
        None,
        description="Era id, when it differs from the era of the year.",
        **label("Era", "时代"),
    )
    tags: list[Tag] = Field(
        default_factory=list, description="Lowercase kebab-case topics.", **label("Tags", "标签")
    )
    orgs: list[Text] = Field(
        default_factory=list,
        description="Organisations behind it.",
        **label("Organisations", "机构"),
    )
    links: LinksIn | None = Field(
        None, description="homepage / repo / paper / docs URLs.", **label("Links", "链接")
    )
    sources: list[Url] = Field(
        min_length=1, description="https URLs of primary sources.", **label("Sources", "来源")
    )
    relations: list[RelationIn] = Field(
        default_factory=list,
        description="Typed links to other records; inverses are derived.",
        **label("Relations", "关系"),
    )
    checked: CheckedDate = Field(
        description="YYYY-MM-DD the facts were last verified.", **label("Last checked", "核对日期")
    )


class PaperIn(RecordIn):
    title: Text | None = Field(
        None, description="Full title as published.", **label("Title", "标题")
    )
    authors: list[Text] = Field(
        default_factory=list, description="Authors in paper order.", **label("Authors", "作者")
    )
    authors_partial: bool = Field(
        False,
        description="True when only the leading authors are listed; shown as 'et al.'.",
    )
    venue: Text | None = Field(
        None, description="e.g. 'OSDI 2022', 'SC 2020', 'arXiv'.", **label("Venue", "发表于")
    )
    arxiv: Annotated[str, StringConstraints(pattern=ARXIV_PATTERN)] | None = Field(
        None, description="arXiv id such as 2309.06180.", **label("arXiv", "arXiv")
    )
    doi: Annotated[str, StringConstraints(pattern=DOI_PATTERN)] | None = Field(
        None, description="DOI such as 10.1145/3600006.3613165.", **label("DOI", "DOI")
    )


def measure(unit: str, low: float, high: float, description: str, en: str, zh: str) -> Any:
    """A number in a fixed unit, with the range real values fall in: a value outside it is
    almost always written in the wrong unit (MB for GB, Gb/s for GB/s, sparse for dense)."""
    return Field(
        None,
        ge=low,
        le=high,
        description=f"{description}, in {unit}",
        title=en,
        json_schema_extra={"unit": unit, "title_zh": zh},
    )


SupportState = Literal["supported", "partial", "unsupported"]


class SupportIn(Strict):
    """Whether a framework supports a technique, since when, and where that is written."""

    technique: Id = Field(description="Id of the technique.")
    state: SupportState = Field(
        description="supported; partial (experimental, limited: say how in 'note'); unsupported."
    )
    since: VersionOrDate | None = Field(
        None, description="supported or partial: the first release with it (v0.6.0) or a date."
    )
    date: PartialDate | None = Field(
        None, description="The date of the release named in 'since' (or 'as_of')."
    )
    as_of: VersionOrDate | None = Field(
        None, description="unsupported: the release or date the source describes."
    )
    source: SpecificUrl = Field(
        description="https URL of the release note, changelog entry, documentation page or "
        "pull request that states it (not a homepage or a repository's front page)."
    )
    note: Text | None = Field(None, description="A short clause: limits, disagreements.")
    note_zh: Text | None = Field(None, description="The note in Chinese.")


class ReleaseIn(Strict):
    version: Version = Field(description="The release's name, e.g. v0.6.0.")
    date: CheckedDate = Field(description="YYYY-MM-DD it was published.")
    source: SpecificUrl = Field(description="The release page or changelog entry.")


class FrameworkIn(RecordIn):
    category: choices(
        training=("training", "训练"),
        inference=("inference", "推理"),
        serving=("serving", "推理服务"),
        kernels=("kernels", "算子库"),
        communication=("communication", "通信"),
        compiler=("compiler", "编译器"),
        finetuning=("fine-tuning", "微调"),
        rl=("reinforcement learning", "强化学习"),
        orchestration=("orchestration", "编排"),
    ) = Field(description="What kind of system it is.", **label("Category", "类别"))
    repo: Url | None = Field(
        None, description="Official source repository.", **label("Repository", "代码仓库")
    )
    license: Text | None = Field(
        None, description="SPDX identifier such as Apache-2.0.", **label("Licence", "许可证")
    )
    language: list[Text] = Field(
        default_factory=list, description="Main languages.", **label("Languages", "编程语言")
    )
    status: (
        choices(
            active=("active", "活跃"),
            maintenance=("maintenance only", "仅维护"),
            archived=("archived", "已归档"),
            superseded=("superseded", "已被取代"),
        )
        | None
    ) = Field(
        None,
        description="As of 'checked': active (regular releases), maintenance (fixes only), "
        "archived (read-only or abandoned), superseded (a successor took over: say which "
        "with a 'succeeds' relation on the successor).",
        **label("Status", "状态"),
    )
    latest_release: ReleaseIn | None = Field(
        None,
        description="The newest release as of 'checked'.",
        **label("Latest release", "最新版本"),
    )
    support: list[SupportIn] = Field(
        default_factory=list,
        description="What it supports, partly supports or does not support, each with its source.",
        **label("Support", "功能支持"),
    )


class TechniqueIn(RecordIn):
    category: choices(
        parallelism=("parallelism", "并行"),
        memory=("memory", "显存与内存"),
        scheduling=("scheduling", "调度"),
        kernels=("kernels", "算子"),
        quantization=("quantization", "量化"),
        decoding=("decoding", "解码"),
        attention=("attention", "注意力"),
        architecture=("architecture", "模型结构"),
        communication=("communication", "通信"),
        precision=("numerical precision", "数值精度"),
        **{"fault-tolerance": ("fault tolerance", "容错")},
        serving=("serving", "推理服务"),
        **{"training-method": ("training method", "训练方法")},
    ) = Field(description="What kind of technique it is.", **label("Category", "类别"))
    abbr: Text | None = Field(
        None, description="Usual abbreviation, e.g. TP.", **label("Abbreviation", "缩写")
    )


class ModelIn(RecordIn):
    params_b: float | None = measure(
        "billion",
        0.01,
        100_000,
        "Total parameters (the largest model of a family)",
        "Parameters",
        "参数量",
    )
    active_params_b: float | None = measure(
        "billion",
        0.01,
        100_000,
        "Parameters active per token, for mixture-of-experts models",
        "Active parameters",
        "激活参数量",
    )
    params_note: Text | None = Field(
        None,
        description="Sizes of a family or other detail, e.g. '7B, 13B and 70B'.",
        **label("Sizes", "规模"),
    )
    training_tokens_b: float | None = measure(
        "billion",
        0.01,
        1_000_000,
        "Tokens seen in pre-training",
        "Training tokens",
        "训练 token 数",
    )
    context_length: int | None = measure(
        "tokens", 128, 100_000_000, "Longest context", "Context length", "上下文长度"
    )
    gpu_hours: float | None = measure(
        "GPU-hours",
        1,
        1e10,
        "Accelerator hours of the final pre-training run, as published",
        "Training compute",
        "训练算力",
    )
    architecture: (
        choices(
            dense=("dense", "稠密"),
            moe=("mixture of experts", "混合专家（MoE）"),
        )
        | None
    ) = Field(None, description="dense or moe.", **label("Architecture", "架构"))
    open_weights: bool | None = Field(
        None, description="Whether the weights are published.", **label("Open weights", "开放权重")
    )


class HardwareIn(RecordIn):
    category: choices(
        gpu=("GPU", "GPU"),
        tpu=("TPU", "TPU"),
        npu=("NPU", "NPU"),
        accelerator=("accelerator", "加速器"),
        interconnect=("interconnect", "互联"),
        network=("network", "网络"),
        system=("system", "系统"),
    ) = Field(description="What kind of hardware it is.", **label("Category", "类别"))
    vendor: Text = Field(
        description="Who designs and sells it, e.g. NVIDIA.", **label("Vendor", "厂商")
    )
    memory_gb: float | None = measure(
        "GB", 1, 2_000, "On-package memory per device", "Memory", "显存容量"
    )
    memory_type: Text | None = Field(
        None, description="e.g. HBM3e.", **label("Memory type", "显存类型")
    )
    memory_bandwidth_tbs: float | None = measure(
        "TB/s", 0.05, 100, "Memory bandwidth per device", "Memory bandwidth", "显存带宽"
    )
    fp16_tflops: float | None = measure(
        "TFLOPS",
        1,
        100_000,
        "Dense FP16 peak on matrix units (no sparsity)",
        "FP16 (dense)",
        "FP16 稠密算力",
    )
    bf16_tflops: float | None = measure(
        "TFLOPS",
        1,
        100_000,
        "Dense BF16 peak on matrix units (no sparsity)",
        "BF16 (dense)",
        "BF16 稠密算力",
    )
    fp8_tflops: float | None = measure(
        "TFLOPS", 1, 200_000, "Dense FP8 peak (no sparsity)", "FP8 (dense)", "FP8 稠密算力"
    )
    fp4_tflops: float | None = measure(
        "TFLOPS", 1, 400_000, "Dense FP4 peak (no sparsity)", "FP4 (dense)", "FP4 稠密算力"
    )
    interconnect_gbs: float | None = measure(
        "GB/s",
        1,
        100_000,
        "Scale-up bandwidth per device, both directions together",
        "Scale-up bandwidth",
        "卡间互联带宽",
    )
    port_gbps: float | None = measure(
        "Gb/s",
        1,
        10_000,
        "Line rate of one network port or link, one direction",
        "Port speed",
        "端口速率",
    )
    tdp_w: float | None = measure("W", 5, 5_000, "Maximum board or module power", "Power", "功耗")


class EraIn(Strict):
    id: Id
    name: Text
    name_zh: Text | None = None
    aliases: list[Text] = Field(default_factory=list)
    summary: Markdown
    summary_zh: Markdown | None = None
    start: Year = Field(description="First year of the era.")
    end: Year | None = Field(None, description="Last year; absent while the era lasts.")
    narrative: Markdown = Field(
        description="Original narrative: why the era happened, what drove it, what it left behind."
    )
    narrative_zh: Markdown | None = None
    periodisation: Text | None = Field(None, description="Whose periodisation the era follows.")
    tags: list[Tag] = Field(default_factory=list)
    sources: list[Url] = Field(min_length=1)
    checked: CheckedDate


def references(description: str, en: str, zh: str, *, at_least: int = 0) -> Any:
    """A list of record ids: checked to exist, drawn as links, exported as graph edges."""
    return Field(
        default_factory=list,
        min_length=at_least,
        description=description,
        title=en,
        json_schema_extra={"references": True, "title_zh": zh},
    )


class TermIn(Strict):
    id: Id
    term: Text = Field(description="The English term.")
    term_zh: Text | None = Field(None, description="The Chinese term.")
    abbr: Text | None = Field(None, description="Abbreviation, e.g. MFU.")
    aliases: list[Text] = Field(default_factory=list)
    definition: Markdown = Field(description="1-3 sentences, in your own words.")
    definition_zh: Markdown | None = None
    see_also: list[Id] = references("Ids of related records.", "See also", "另见")
    tags: list[Tag] = Field(default_factory=list)
    sources: list[Url] = Field(min_length=1)
    checked: CheckedDate


class FamilyIn(Strict):
    """A line of descent readers should know: records that grew out of one another."""

    id: Id
    name: Text = Field(description="What the line is called, e.g. 'The DeepSpeed family'.")
    name_zh: Text | None = None
    aliases: list[Text] = Field(default_factory=list)
    summary: Markdown = Field(description="How the line grew and why it matters, in your words.")
    summary_zh: Markdown | None = None
    members: list[Id] = references(
        "Ids of its records, related to one another in the atlas (a lane in the figures).",
        "Members",
        "成员",
        at_least=2,
    )
    home: bool = Field(True, description="Shown in the home page's figure of the main lines.")
    tags: list[Tag] = Field(default_factory=list)
    sources: list[Url] = Field(min_length=1)
    checked: CheckedDate


@dataclass(frozen=True, slots=True)
class Kind:
    """A kind of record, declared once: its folder, its fields (the model) and how pages show it.

    Everything else (checks, pages, index tables, figures, the explorer, search, exports,
    schemas, skeletons) reads this declaration; a new kind is a new entry in KINDS.
    """

    name: str  # singular, as used in messages and `infra-atlas new KIND`
    folder: str
    model: type[Strict]
    # How pages name it, by language: (one record, the whole kind, its tab in the navigation).
    names: Mapping[str, tuple[str, str, str]]
    colour: str  # its mark in figures, the explorer and the timeline
    columns: tuple[str, ...] = ()  # fields shown in its index table, after the name and year
    dated: bool = True  # has a year: placed on the timeline, the explorer's time axis, figures
    # Among records that share a name ("Alpa" the system and the paper), which one a search or
    # a bare mention means first: the lower, the earlier.
    precedence: int = 5
    # Kinds whose names must differ from one another: a concept is a technique or a term.
    namespace: str | None = None
    template: str = "record.md.j2"

    def one(self, lang: str = "en") -> str:
        return self.names[lang][0]

    def many(self, lang: str = "en") -> str:
        return self.names[lang][1]

    def tab(self, lang: str = "en") -> str:
        return self.names[lang][2]

    @property
    def title(self) -> str:
        return self.many("en")

    @property
    def title_zh(self) -> str:
        return self.many("zh")


KINDS: dict[str, Kind] = {
    k.folder: k
    for k in (
        Kind(
            "era",
            "eras",
            EraIn,
            {"en": ("era", "Eras", "Eras"), "zh": ("时代", "时代", "时代")},
            "#888888",
            dated=False,
            precedence=6,
            template="era.md.j2",
        ),
        Kind(
            "framework",
            "frameworks",
            FrameworkIn,
            {
                "en": ("system", "Frameworks and systems", "Frameworks"),
                "zh": ("系统", "框架与系统", "框架"),
            },
            "#f58518",
            columns=("category", "status", "latest_release", "orgs"),
            precedence=2,
        ),
        Kind(
            "paper",
            "papers",
            PaperIn,
            {"en": ("paper", "Papers", "Papers"), "zh": ("论文", "论文", "论文")},
            "#4c78a8",
            columns=("title", "authors", "venue"),
            precedence=7,
        ),
        Kind(
            "technique",
            "techniques",
            TechniqueIn,
            {"en": ("technique", "Techniques", "Techniques"), "zh": ("技术", "技术", "技术")},
            "#54a24b",
            columns=("abbr", "category"),
            precedence=1,
            namespace="concept",
        ),
        Kind(
            "model",
            "models",
            ModelIn,
            {"en": ("model", "Models", "Models"), "zh": ("模型", "模型", "模型")},
            "#b279a2",
            columns=(
                "params_b",
                "active_params_b",
                "training_tokens_b",
                "context_length",
                "architecture",
                "orgs",
            ),
            precedence=3,
        ),
        Kind(
            "hardware",
            "hardware",
            HardwareIn,
            {"en": ("hardware", "Hardware", "Hardware"), "zh": ("硬件", "硬件", "硬件")},
            "#e45756",
            columns=(
                "vendor",
                "category",
                "memory_gb",
                "memory_bandwidth_tbs",
                "bf16_tflops",
                "fp8_tflops",
                "interconnect_gbs",
            ),
            precedence=4,
        ),
        Kind(
            "family",
            "families",
            FamilyIn,
            {
                "en": ("family", "Families of systems and techniques", "Families"),
                "zh": ("家族", "系统与技术家族", "家族"),
            },
            "#6f6f6f",
            dated=False,
            precedence=8,
        ),
        Kind(
            "term",
            "glossary",
            TermIn,
            {"en": ("term", "Glossary", "Glossary"), "zh": ("术语", "术语表", "术语表")},
            "#9d755d",
            columns=("abbr",),
            dated=False,
            precedence=5,
            namespace="concept",
        ),
    )
}
KIND_BY_NAME: dict[str, Kind] = {k.name: k for k in KINDS.values()}


def register(kind: Kind, *, before: str = "glossary") -> None:
    """Add a kind (before the folder `before`, so the glossary stays last in menus and lanes).

    Everything else reads KINDS when it is first imported: register a kind before importing the
    pipeline, the plugin or the checker, as a MkDocs hook or a wrapper script would.
    """
    items = list(KINDS.items())
    at = next((i for i, (folder, _) in enumerate(items) if folder == before), len(items))
    items.insert(at, (kind.folder, kind))
    KINDS.clear()
    KINDS.update(items)
    KIND_BY_NAME[kind.name] = kind


# ---------------------------------------------------------------------------------------------
# The internal model: built once from validated input, every reference resolved.


@dataclass(frozen=True, slots=True, kw_only=True)
class Relation:
    type: str
    source: str
    target: str
    note: str | None = None
    note_zh: str | None = None
    since: str | None = None
    evidence: str | None = None

    @property
    def spec(self) -> RelationType:
        return RELATION_TYPES[self.type]


@dataclass(frozen=True, slots=True, kw_only=True)
class Record:
    kind: Kind
    path: str
    data: Strict
    era: str | None  # resolved: explicit, or the era the record's year falls in

    @property
    def id(self) -> str:
        return self.data.id  # type: ignore[attr-defined]

    @property
    def title(self) -> str:
        return getattr(self.data, "name", None) or self.data.term  # type: ignore[attr-defined]

    @property
    def title_zh(self) -> str | None:
        return getattr(self.data, "name_zh", None) or getattr(self.data, "term_zh", None)

    @property
    def text(self) -> str:
        return getattr(self.data, "summary", None) or self.data.definition  # type: ignore[attr-defined]

    @property
    def text_zh(self) -> str | None:
        return getattr(self.data, "summary_zh", None) or getattr(self.data, "definition_zh", None)

    @property
    def year(self) -> int | None:
        return getattr(self.data, "year", None) or getattr(self.data, "start", None)

    @property
    def names(self) -> list[str]:
        """Every name a reader may search this record by."""
        names = [self.title, *self.data.aliases]  # type: ignore[attr-defined]
        for extra in (self.title_zh, getattr(self.data, "abbr", None)):
            if extra:
                names.append(extra)
        return names

    @property
    def url(self) -> str:
        return f"{self.kind.folder}/{self.id}/"

    @property
    def page(self) -> str:
        return f"{self.kind.folder}/{self.id}.md"

    def get(self, name: str, default: Any = None) -> Any:
        return getattr(self.data, name, default)


@dataclass(frozen=True, slots=True)
class Atlas:
    records: Mapping[str, Record]
    relations: tuple[Relation, ...]

    def of_kind(self, kind: str) -> list[Record]:
        return [r for r in self.records.values() if r.kind.name == kind]

    @property
    def eras(self) -> list[Record]:
        return sorted(self.of_kind("era"), key=lambda r: r.data.start)  # type: ignore[attr-defined]
