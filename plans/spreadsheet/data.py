"""What a read file holds, checked and ready for `plans.services.save_plan_content`."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class ActionData:
    row: int
    ref: str
    parent_ref: str | None
    fields: dict
    goals: list[int] = field(default_factory=list)
    partners: list[tuple] = field(default_factory=list)  # (Organisation, kind)
    practices: list[int] = field(default_factory=list)


@dataclass
class IndicatorData:
    row: int
    action_ref: str
    fields: dict


@dataclass
class PlanData:
    plan: dict  # title, lang, place, period_start, period_end, owner, is_public, summary
    frameworks: list
    actions: list[ActionData]
    indicators: list[IndicatorData]

    @property
    def counts(self) -> dict:
        return {"actions": len(self.actions), "indicators": len(self.indicators)}
