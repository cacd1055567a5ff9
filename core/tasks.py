"""Where the worker found core's tasks before they moved beside their code (`core.jobs.run_job`,
`core.retention.purge_expired`): task rows queued by an older version still name these paths."""

from .jobs import run_job
from .retention import purge_expired

__all__ = ["purge_expired", "run_job"]
