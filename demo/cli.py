"""`weijian demo …`: the demo's subcommands, added to the `weijian` command.

The service does not know the demo: `api/cli.py` finds this module through the
`weijian.commands` entry-point group (declared in pyproject.toml) and calls `register`.
"""

import argparse

from api.settings import Settings


def _load(args: argparse.Namespace, settings: Settings) -> None:
    from demo import load_demo
    from demo.accounts import ensure_demo_accounts

    summary = load_demo(
        settings, scale=args.scale, seed=args.seed, replace=args.replace, photos=args.photos
    )
    print(summary)
    print(ensure_demo_accounts(settings))


def register(commands: argparse._SubParsersAction) -> None:
    """Add `demo load` to the `weijian` command's subcommands."""
    demo = commands.add_parser("demo", help="the synthetic demo district")
    demo_commands = demo.add_subparsers(dest="demo_command", required=True)
    load = demo_commands.add_parser("load", help="build the demo district into the database")
    load.add_argument("--scale", type=int, default=1, help="multiply the district's size")
    load.add_argument("--seed", type=int, default=2019, help="random seed (same seed, same data)")
    load.add_argument("--replace", action="store_true", help="empty the database's records first")
    load.add_argument(
        "--no-photos",
        dest="photos",
        action="store_false",
        help="make no photos (quicker at large scales; demolitions then lack their after-photos)",
    )
    load.set_defaults(run=_load)
