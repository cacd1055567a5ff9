"""Every write to frameworks, goals, paragraphs, crosswalks and goal suggestions, one module per job:

- `definitions`: loading the frameworks the project ships (`wiqaya setup`);
- `citations`: the frameworks, goals and paragraphs a compendium document cites (the importer's helpers);
- `editing`: coordinators editing frameworks by hand, and framework import (text, YAML, JSON);
- `crosswalks`: goal-to-goal links between frameworks, suggested by meaning and decided by coordinators;
- `suggestions`: goal suggestions kept for any record (practices, plan actions) that registered itself;
- `proposals`: coordinators accepting or merging what an import created from a private document.

Each function takes `actor=` (a user, or `core.actors.system(...)`), asks `frameworks.permissions.can`, runs in
one transaction and leaves an audit entry. The names are re-exported here, so callers import from
`frameworks.services`.
"""

from .citations import ensure_framework, ensure_goal, ensure_paragraph, framework_for_citations
from .crosswalks import decide_crosswalk, link_goals, suggest_crosswalks
from .definitions import DEFINITIONS, load_definitions
from .editing import (
    FRAMEWORK_EDITABLE,
    GOAL_EDITABLE,
    ImportReport,
    create_framework,
    create_goal,
    delete_goal,
    delete_paragraph,
    import_framework,
    set_paragraph,
    update_framework,
    update_goal,
)
from .proposals import accept_proposal, merge_proposal
from .suggestions import mark_decided, record_suggestions

__all__ = [
    "DEFINITIONS", "FRAMEWORK_EDITABLE", "GOAL_EDITABLE", "ImportReport", "accept_proposal", "create_framework",
    "create_goal", "merge_proposal",
    "decide_crosswalk", "delete_goal", "delete_paragraph", "ensure_framework", "ensure_goal", "ensure_paragraph",
    "framework_for_citations", "import_framework", "link_goals", "load_definitions", "mark_decided",
    "record_suggestions", "set_paragraph", "suggest_crosswalks", "update_framework", "update_goal",
]
