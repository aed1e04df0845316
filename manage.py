#!/usr/bin/env python
"""One entry point for both services: DJANGO_SETTINGS_MODULE picks which (default: the Marché)."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "marche.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
