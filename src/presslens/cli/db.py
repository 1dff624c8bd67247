"""``presslens db upgrade``: bring a store written by an older presslens to this one's schema."""

from __future__ import annotations

import typer

from presslens.cli._util import friendly_errors, stderr
from presslens.cli.corpus import DbOption

__all__ = ["db_app"]

db_app = typer.Typer(help="Manage the corpus store.", no_args_is_help=True)


@db_app.command("upgrade")
def upgrade_cli(db: DbOption = None) -> None:
    """Upgrade the store's schema in place (new tables are filled from the stored records;
    nothing is analysed again). Opening an older store for ingest does this too."""
    with friendly_errors():
        from presslens.store import Store
        from presslens.store.schema import head

        with Store(db, create=False) as store:
            change = store.schema_change
        if change is not None and change.from_revision is not None:
            stderr.print(
                f"presslens: upgraded {store.url} from schema {int(change.from_revision)} "
                f"to {int(head())}",
                markup=False,
            )
        else:
            stderr.print(f"presslens: {store.url} is at schema {int(head())} already", markup=False)
