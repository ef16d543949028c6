"""Command line of the benchmarks: ``python -m bench search|search-postgres|docx|oparl|oparl-import|pages …`` (see the Makefile)."""
from __future__ import annotations

from flask.cli import FlaskGroup

from minutes_app import create_app

from .docx_bench import bench_docx
from .oparl_bench import bench_oparl
from .oparl_import_bench import bench_oparl_import
from .pages_bench import bench_pages
from .search_bench import bench_search
from .search_postgres_bench import bench_search_postgres

cli = FlaskGroup(name="bench", create_app=create_app, add_default_commands=False, help="Benchmarks der Anwendung.")
cli.add_command(bench_search, "search")
cli.add_command(bench_search_postgres, "search-postgres")
cli.add_command(bench_docx, "docx")
cli.add_command(bench_oparl, "oparl")
cli.add_command(bench_oparl_import, "oparl-import")
cli.add_command(bench_pages, "pages")

if __name__ == "__main__":
    cli()
