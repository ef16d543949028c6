"""Child process of :func:`minutes_app.uploads.extraction.inspect_isolated`: limit itself, inspect, print the text.

Exit status 0: the text is on stdout. 3: the file was refused; the German
message is on stderr. Anything else (killed by a limit): no text.
"""
from __future__ import annotations

import resource
import sys
from pathlib import Path


def main(argv: list[str]) -> int:
    """Run one inspection under memory and CPU limits."""
    from . import extraction

    resource.setrlimit(resource.RLIMIT_AS, (extraction.CHILD_MEMORY_BYTES, extraction.CHILD_MEMORY_BYTES))
    cpu = int(extraction.CHILD_TIMEOUT_SECONDS)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    path, media_type = Path(argv[1]), argv[2]
    try:
        text = extraction.inspect(path, media_type)
    except extraction.Rejected as refused:
        sys.stderr.write(str(refused))
        return 3
    sys.stdout.buffer.write(text.encode("utf-8"))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
