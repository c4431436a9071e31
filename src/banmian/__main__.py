"""`python -m banmian ...`: the same command line as `banmian ...`."""

from banmian.cli import main

main()
