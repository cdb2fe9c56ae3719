#!/usr/bin/env python
"""Same as the `samverkan` command; kept for engineers used to manage.py."""

from samverkan.cli import main

if __name__ == "__main__":
    main()
