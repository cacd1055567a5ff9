#!/usr/bin/env python
"""Django's manage.py; `wiqaya` (config.cli) is the same thing installed as a command."""

from config.cli import main

if __name__ == "__main__":
    main()
