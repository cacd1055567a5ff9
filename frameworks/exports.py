"""A framework as data: its goal tree as an interchange spec, written as compendium text, YAML or JSON."""

from .interchange import FrameworkSpec, GoalSpec, ParagraphSpec, dump
from .models import Framework
from .queries import goal_tree
from .services.editing import FRAMEWORK_EDITABLE


def framework_spec(framework: Framework, reader=None):
    """The framework and its goal tree as an interchange.FrameworkSpec (what every export writes): accepted
    goals and paragraphs, with the proposals `reader` may see."""
    def goal_spec(goal):
        return GoalSpec(
            number=goal.number, title_en=goal.title_en, title_ar=goal.title_ar,
            description_en=goal.description_en, description_ar=goal.description_ar, aliases=list(goal.aliases or []),
            paragraphs=[ParagraphSpec(p.number, p.text, p.lang) for p in goal.paragraph_list],
            children=[goal_spec(child) for child in goal.tree_children],
        )

    values = {name: getattr(framework, name) for name in ("slug", *FRAMEWORK_EDITABLE)}
    values = {name: str(value) if isinstance(value, str) else value for name, value in values.items()}  # enums
    return FrameworkSpec(**values, goals=[goal_spec(goal) for goal in goal_tree(framework, reader=reader)])


def export_framework(framework: Framework, fmt: str, reader=None) -> str:
    """The framework as compendium text, YAML or JSON; importing the result gives the same tree back."""
    return dump(framework_spec(framework, reader), fmt)
