"""What every write of the events app shares: the version guard (`StaleRecord`, `check_version`).

The guard itself lives in `events.versions` (it checks no permission, so it is no entry point of the services);
it is re-exported here under the names the pages use.
"""

from ..versions import StaleRecord, bump, check_version, stale

__all__ = ["StaleRecord", "bump", "check_version", "stale"]
