"""Project configuration: settings, URLs, the API router and the `wiqaya` command-line entry point."""
