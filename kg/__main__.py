"""`python -m kg` and the `kg` command. The CLI's modules take a moment to import: a Ctrl-C meanwhile ends the
command quietly with kg's status for an interruption (130), not with a traceback of the import."""
import sys


def run() -> None:
    try:
        from .cli import main
    except KeyboardInterrupt:
        sys.exit(130)  # kg.cli.EXIT_INTERRUPTED, which is not imported yet
    main()


if __name__ == "__main__":
    run()
