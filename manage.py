#!/usr/bin/env python
"""Django's command-line utility; the same as the `zielwerk` command."""

from zielwerk.cli import main

if __name__ == "__main__":
    main()
