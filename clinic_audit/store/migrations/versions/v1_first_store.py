"""The store as version 1 made it: audits, photos, checklists and the trail.

Nothing to do: a store of version 1 is stamped here before it is brought forward."""

revision = "v1"
down_revision = None


def upgrade() -> None:
    pass
