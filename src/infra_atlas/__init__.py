"""LLM Infra Atlas: YAML records -> validated model -> graph -> pages and figures -> MkDocs."""

__version__ = "0.1.0"
