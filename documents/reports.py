"""What an import did to each file, as the result page, the API and the `wiqaya import` command show it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class FileReport:
    """The outcome of one file, as the result page and the command show it."""

    file: str
    status: str  # imported | duplicate_file | failed
    document_id: int | None = None
    error: str = ""
    created: list[dict] = field(default_factory=list)
    duplicates: list[dict] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    framework: str = ""

    def as_dict(self) -> dict:
        return self.__dict__.copy()


def summarize(files: list[dict]) -> dict:
    return {
        "files": len(files),
        "failed": sum(1 for f in files if f["status"] == "failed"),
        "created": sum(len(f.get("created", [])) for f in files),
        "duplicates": sum(len(f.get("duplicates", [])) for f in files) + sum(1 for f in files if f["status"] == "duplicate_file"),
        "warnings": sum(len(f.get("warnings", [])) for f in files),
    }
