"""The `wiqaya` console script: Django's management commands with the project's settings."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    if os.environ.get("WIQAYA_PRODUCTION", "").lower() in {"1", "true", "yes"}:
        os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings.production"
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
